//! Renders the interface on the bundled sample into an SVG picture for the
//! README: `cargo run --example screenshot -- assets/screen.svg`.
//!
//! The screen is drawn by the real App and view on ratatui's `TestBackend`,
//! after the keys a person would type, so the picture cannot drift from
//! what daybook shows.

use daybook::tui::App;
use daybook::tui::keymap::Keymap;
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;

const CELL_W: f64 = 8.4;
const CELL_H: f64 = 18.0;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "assets/screen.svg".into());
    let keys = std::env::args()
        .nth(2)
        .unwrap_or_else(|| ":2018-01-22\n/区块链\nj".into());
    let archive = daybook::archive::load_embedded();
    let area = Rect::new(0, 0, 110, 32);
    let mut app = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        area,
    );
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    let mut terminal =
        Terminal::new(TestBackend::new(area.width, area.height)).expect("test backend");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let svg = to_svg(terminal.backend().buffer());
    std::fs::write(&out, svg).expect("write the picture");
    eprintln!("wrote {out}");
}

/// xterm-256 colours as RGB.
fn rgb(c: Color, fallback: (u8, u8, u8)) -> (u8, u8, u8) {
    const BASE: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 49, 49),
        (13, 188, 121),
        (229, 229, 16),
        (36, 114, 200),
        (188, 63, 188),
        (17, 168, 205),
        (229, 229, 229),
        (102, 102, 102),
        (241, 76, 76),
        (35, 209, 139),
        (245, 245, 67),
        (59, 142, 234),
        (214, 112, 214),
        (41, 184, 219),
        (255, 255, 255),
    ];
    match c {
        Color::Reset => fallback,
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i < 16 => BASE[i as usize],
        Color::Indexed(i) if i >= 232 => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
        Color::Indexed(i) => {
            let i = i - 16;
            let level = |n: u8| if n == 0 { 0 } else { 55 + n * 40 };
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        Color::Black => BASE[0],
        Color::Red => BASE[1],
        Color::Green => BASE[2],
        Color::Yellow => BASE[3],
        Color::Blue => BASE[4],
        Color::Magenta => BASE[5],
        Color::Cyan => BASE[6],
        Color::Gray => BASE[7],
        Color::DarkGray => BASE[8],
        Color::LightRed => BASE[9],
        Color::LightGreen => BASE[10],
        Color::LightYellow => BASE[11],
        Color::LightBlue => BASE[12],
        Color::LightMagenta => BASE[13],
        Color::LightCyan => BASE[14],
        Color::White => BASE[15],
    }
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn to_svg(buf: &Buffer) -> String {
    let bg = (30, 30, 30);
    let fg = (220, 220, 220);
    let (w, h) = (
        f64::from(buf.area.width) * CELL_W,
        f64::from(buf.area.height) * CELL_H,
    );
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"'DejaVu Sans Mono','Noto Sans Mono CJK SC','Sarasa Mono SC',Menlo,monospace\" font-size=\"14\">"
    );
    let _ = writeln!(
        s,
        "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
        hex(bg)
    );
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let sym = cell.symbol();
            let cw = daybook::text::width(sym).max(1) as u16;
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut cfg, mut cbg) = (rgb(cell.fg, fg), rgb(cell.bg, bg));
            if reversed {
                std::mem::swap(&mut cfg, &mut cbg);
            }
            let (px, py) = (f64::from(x) * CELL_W, f64::from(y) * CELL_H);
            if cbg != bg {
                let _ = writeln!(
                    s,
                    "<rect x=\"{px}\" y=\"{py}\" width=\"{}\" height=\"{CELL_H}\" fill=\"{}\"/>",
                    f64::from(cw) * CELL_W,
                    hex(cbg)
                );
            }
            if !sym.trim().is_empty() {
                let mut attrs = String::new();
                if cell.modifier.contains(Modifier::BOLD) {
                    attrs.push_str(" font-weight=\"bold\"");
                }
                if cell.modifier.contains(Modifier::UNDERLINED) {
                    attrs.push_str(" text-decoration=\"underline\"");
                }
                if cell.modifier.contains(Modifier::DIM) {
                    attrs.push_str(" opacity=\"0.6\"");
                }
                let _ = writeln!(
                    s,
                    "<text x=\"{px}\" y=\"{}\" fill=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"{attrs}>{}</text>",
                    py + CELL_H * 0.75,
                    hex(cfg),
                    f64::from(cw) * CELL_W,
                    esc(sym)
                );
            }
            x += cw;
        }
    }
    s.push_str("</svg>\n");
    s
}
