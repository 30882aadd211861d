//! The tray's icons, from the PNGs in `icons/` built into the binary and turned into the
//! ARGB32 pixmaps StatusNotifierItem carries, so no icon theme has to be installed.

use crate::model::TrayModel;

/// Which icon the tray wears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconState {
    Idle,
    Running,
    /// Rejected entries, an account to sign in again, failing sync.
    Attention,
}

/// An icon as D-Bus carries it: ARGB32, big-endian, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixmap {
    pub width: i32,
    pub height: i32,
    pub argb: Vec<u8>,
}

impl IconState {
    /// Attention wins over a running timer: the timer shows in the title anyway, and a
    /// problem with sync must not hide behind it.
    pub fn for_model(model: &TrayModel) -> Self {
        if model.attention.is_some() {
            IconState::Attention
        } else if model.running.is_some() {
            IconState::Running
        } else {
            IconState::Idle
        }
    }

    fn png(self) -> &'static [u8] {
        match self {
            IconState::Idle => include_bytes!("../../../icons/punch-idle.png"),
            IconState::Running => include_bytes!("../../../icons/punch-running.png"),
            IconState::Attention => include_bytes!("../../../icons/punch-attention.png"),
        }
    }

    /// The icon's pixmap, decoded from the built-in PNG.
    pub fn pixmap(self) -> Pixmap {
        // The PNGs are part of the build and checked by the tests below, so a decoding
        // failure is a broken build, not a runtime condition.
        decode(self.png()).expect("the built-in icons are valid RGBA PNGs")
    }
}

/// Decodes an 8-bit RGBA PNG into an ARGB32 pixmap.
fn decode(png_bytes: &[u8]) -> Result<Pixmap, String> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or("the image is too large")?;
    let mut rgba = vec![0; size];
    let frame = reader.next_frame(&mut rgba).map_err(|e| e.to_string())?;
    if frame.color_type != png::ColorType::Rgba || frame.bit_depth != png::BitDepth::Eight {
        return Err(format!(
            "expected 8-bit RGBA, found {:?} {:?}",
            frame.bit_depth, frame.color_type
        ));
    }
    let argb = rgba[..frame.buffer_size()]
        .chunks_exact(4)
        .flat_map(|p| [p[3], p[0], p[1], p[2]])
        .collect();
    Ok(Pixmap {
        width: i32::try_from(frame.width).map_err(|e| e.to_string())?,
        height: i32::try_from(frame.height).map_err(|e| e.to_string())?,
        argb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [IconState; 3] = [IconState::Idle, IconState::Running, IconState::Attention];

    #[test]
    fn the_model_picks_the_icon() {
        let idle = TrayModel::default();
        let running = TrayModel {
            running: Some("0:01 · Website".into()),
            ..TrayModel::default()
        };
        let troubled = TrayModel {
            attention: Some("2 entries rejected".into()),
            ..running.clone()
        };
        assert_eq!(IconState::for_model(&idle), IconState::Idle);
        assert_eq!(IconState::for_model(&running), IconState::Running);
        assert_eq!(IconState::for_model(&troubled), IconState::Attention);
    }

    #[test]
    fn every_icon_decodes_to_a_full_square_pixmap() {
        for state in ALL {
            let pixmap = state.pixmap();
            assert_eq!((pixmap.width, pixmap.height), (64, 64), "{state:?}");
            assert_eq!(pixmap.argb.len(), 64 * 64 * 4, "{state:?}");
            assert!(
                pixmap.argb.chunks_exact(4).any(|p| p[0] == 255),
                "{state:?} has opaque pixels"
            );
            assert!(
                pixmap.argb.chunks_exact(4).any(|p| p[0] == 0),
                "{state:?} has a transparent background"
            );
        }
    }

    #[test]
    fn the_states_look_different() {
        let [idle, running, attention] = ALL.map(|state| state.pixmap().argb);
        assert_ne!(idle, running);
        assert_ne!(running, attention);
        assert_ne!(idle, attention);
    }

    #[test]
    fn alpha_moves_to_the_front() {
        // The running icon's centre is the face's green: R < G, fully opaque.
        let pixmap = IconState::Running.pixmap();
        let at = ((40 * 64) + 20) * 4;
        let [a, r, g, b] = pixmap.argb[at..at + 4] else {
            unreachable!()
        };
        assert_eq!(a, 255);
        assert!(g > r && g > b, "green face, got {r} {g} {b}");
    }

    #[test]
    fn a_grey_png_is_refused() {
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, 1, 1);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&[7]).unwrap();
        }
        assert!(decode(&bytes).unwrap_err().contains("RGBA"));
    }
}
