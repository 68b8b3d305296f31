//! [`Names`]: a list of short strings kept back to back in one string.
//!
//! An input's speaker names go from the parsing thread to the merge, which
//! interns them archive-wide and lets them go. A day file of the reference
//! format names a few hundred speakers: one `String` each was an allocation
//! on the parsing thread and a free on the merging one, several percent of
//! the load's time in the allocator. One string and one list of ends cost
//! two allocations per input, whatever the number of names.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Index;

/// Names in order, each a `&str` of one shared string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    text: String,
    /// Where each name ends in `text` (the next one starts there).
    ends: Vec<u32>,
}

impl Names {
    /// No names.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name` at the end.
    pub fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len() as u32);
    }

    /// Adds each name of `other` that `index` (name → number here) does not
    /// know yet, in order; returns the number here of each of `other`'s.
    pub fn intern_all<S: BuildHasher>(
        &mut self,
        other: &Names,
        index: &mut HashMap<String, u32, S>,
    ) -> Vec<u32> {
        other
            .iter()
            .map(|n| {
                let next = self.len() as u32;
                let i = *index.entry(n.to_owned()).or_insert(next);
                if i == next {
                    self.push(n);
                }
                i
            })
            .collect()
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no name.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th name.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    /// The names in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            names: self,
            next: 0,
        }
    }

    /// The names with each one `rename` gives a new name for replaced.
    #[must_use]
    pub fn renamed<'a>(&'a self, mut rename: impl FnMut(&'a str) -> Option<Cow<'a, str>>) -> Self {
        self.iter()
            .map(|n| rename(n).unwrap_or(Cow::Borrowed(n)))
            .collect()
    }
}

impl Index<usize> for Names {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(name) => name,
            None => panic!("name {i} of {}", self.len()),
        }
    }
}

/// The names of [`Names`] in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    names: &'a Names,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let name = self.names.get(self.next)?;
        self.next += 1;
        Some(name)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.names.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Names {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Names {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut names = Names::new();
        for s in iter {
            names.push(s.as_ref());
        }
        names
    }
}

impl<S: AsRef<str>> Extend<S> for Names {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for s in iter {
            self.push(s.as_ref());
        }
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Names {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_as_pushed() {
        let mut names = Names::new();
        assert!(names.is_empty());
        for n in ["Ann", "", "曾帆", "荔枝冰 远山信息", "Ann"] {
            names.push(n);
        }
        assert_eq!(names.len(), 5);
        assert_eq!(names.iter().len(), 5);
        let back: Vec<&str> = names.iter().collect();
        assert_eq!(back, ["Ann", "", "曾帆", "荔枝冰 远山信息", "Ann"]);
        assert_eq!(&names[2], "曾帆");
        assert_eq!(names.get(1), Some(""));
        assert_eq!(names.get(5), None);
        assert_eq!(names, vec!["Ann", "", "曾帆", "荔枝冰 远山信息", "Ann"]);
        assert_ne!(names, vec!["Ann"]);
        let again: Names = back.iter().collect();
        assert_eq!(again, names);
        assert_eq!((&names).into_iter().count(), 5);
    }

    #[test]
    fn renaming_replaces_only_the_names_given() {
        let names: Names = ["U1", "Bob", "U2"].into_iter().collect();
        let renamed = names.renamed(|n| (n == "U2").then(|| Cow::Owned("Cy".to_string())));
        assert_eq!(renamed, vec!["U1", "Bob", "Cy"]);
    }
}
