use std::fmt;

/// A time of day with one-second resolution, or "unknown" when the file
/// held an impossible time such as `25:61:99`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    /// The marker for a time that could not be read.
    pub const UNKNOWN: TimeOfDay = TimeOfDay(u32::MAX);

    /// A valid time, or `None` when a field is out of range.
    pub fn from_hms(h: u32, m: u32, s: u32) -> Option<Self> {
        (h < 24 && m < 60 && s < 60).then_some(TimeOfDay(h * 3600 + m * 60 + s))
    }

    /// Seconds since midnight, or `None` for [`TimeOfDay::UNKNOWN`].
    pub fn seconds(self) -> Option<u32> {
        (self != Self::UNKNOWN).then_some(self.0)
    }

    /// The hour (0–23), or `None` when unknown.
    pub fn hour(self) -> Option<u32> {
        self.seconds().map(|s| s / 3600)
    }

    pub fn is_known(self) -> bool {
        self != Self::UNKNOWN
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.seconds() {
            Some(s) => write!(f, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
            None => f.write_str("??:??:??"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_valid_and_unknown_times() {
        assert_eq!(
            TimeOfDay::from_hms(6, 47, 30).unwrap().to_string(),
            "06:47:30"
        );
        assert_eq!(TimeOfDay::from_hms(23, 59, 59).unwrap().hour(), Some(23));
        assert_eq!(TimeOfDay::from_hms(25, 61, 99), None);
        assert_eq!(TimeOfDay::UNKNOWN.to_string(), "??:??:??");
        assert!(TimeOfDay::UNKNOWN > TimeOfDay::from_hms(23, 59, 59).unwrap());
    }
}
