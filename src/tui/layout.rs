//! Where each part of the screen goes, as a pure function of the size, so
//! that drawing and mouse handling agree.

use ratatui::layout::Rect;

/// Width of the day list, its border included.
pub const DAY_LIST_WIDTH: u16 = 24;

/// The screen's parts. Inner rects exclude titles, borders and scrollbars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Regions {
    pub list: Rect,
    pub list_inner: Rect,
    pub pane: Rect,
    pub pane_title: Rect,
    pub pane_inner: Rect,
    pub scrollbar: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// Lays out a screen of `area` with or without the day list.
pub fn regions(area: Rect, day_list: bool) -> Regions {
    let mut r = Regions::default();
    let bottom = match area.height {
        0 => 0,
        1..=3 => 1,
        _ => 2,
    };
    let main_h = area.height - bottom;
    if bottom >= 1 {
        r.status = Rect::new(area.x, area.y + main_h, area.width, 1);
    }
    if bottom == 2 {
        r.hints = Rect::new(area.x, area.y + main_h + 1, area.width, 1);
    }
    let list_w = if day_list {
        DAY_LIST_WIDTH.min(area.width / 2)
    } else {
        0
    };
    if list_w > 0 {
        r.list = Rect::new(area.x, area.y, list_w, main_h);
        r.list_inner = Rect::new(
            area.x,
            area.y + 1.min(main_h),
            list_w - 1,
            main_h.saturating_sub(1),
        );
    }
    r.pane = Rect::new(area.x + list_w, area.y, area.width - list_w, main_h);
    if main_h > 0 {
        r.pane_title = Rect::new(r.pane.x, r.pane.y, r.pane.width, 1);
    }
    let inner_h = main_h.saturating_sub(1);
    let sb = u16::from(r.pane.width > 2);
    r.pane_inner = Rect::new(
        r.pane.x,
        r.pane.y + 1.min(main_h),
        r.pane.width - sb,
        inner_h,
    );
    if sb == 1 {
        r.scrollbar = Rect::new(r.pane.x + r.pane.width - 1, r.pane_inner.y, 1, inner_h);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_fits_inside_the_area() {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (1, 200),
            (300, 1),
            (40, 15),
            (80, 24),
            (400, 120),
        ] {
            let area = Rect::new(0, 0, w, h);
            for list in [false, true] {
                let r = regions(area, list);
                for rect in [
                    r.list,
                    r.list_inner,
                    r.pane,
                    r.pane_title,
                    r.pane_inner,
                    r.scrollbar,
                    r.status,
                    r.hints,
                ] {
                    assert!(
                        rect.is_empty()
                            || area.contains(rect.as_position())
                                && rect.right() <= area.right()
                                && rect.bottom() <= area.bottom(),
                        "{w}x{h} {list} {rect:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_normal_screen() {
        let r = regions(Rect::new(0, 0, 100, 30), true);
        assert_eq!(r.list, Rect::new(0, 0, 24, 28));
        assert_eq!(r.pane_inner, Rect::new(24, 1, 75, 27));
        assert_eq!(r.scrollbar, Rect::new(99, 1, 1, 27));
        assert_eq!(r.status, Rect::new(0, 28, 100, 1));
        assert_eq!(r.hints, Rect::new(0, 29, 100, 1));
    }
}
