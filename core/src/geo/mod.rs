//! Offline geography: the embedded commune gazetteer and place resolution. Nearby search runs
//! in the database (`store::matching`).

mod gazetteer;
mod resolve;
#[cfg(test)]
mod tests;

pub use gazetteer::{Area, Commune, Gazetteer, Precision, TABLE_SHA256_FILE};
pub use resolve::Resolution;

use serde::{Deserialize, Serialize};

/// How far off the point of commune `insee` typically is, in whole km: 0 when the commune has
/// its own point (or is unknown), else the measured median error of the rule that placed it.
/// Where a volunteer's commune has such a point, distances are shown as approximate and the
/// search radius is widened by this much, so that our imprecision leaves nobody out.
pub fn typical_error_km(insee: &str) -> u32 {
    let g = Gazetteer::get();
    g.by_insee(insee)
        .map(|c| g.typical_error_km(c.precision))
        .unwrap_or(0)
}

/// The radius to search around a volunteer of commune `insee` who chose `radius_km`: widened by
/// the typical error of the commune's point, so that our imprecision leaves nobody out.
pub fn search_radius_km(radius_km: u32, insee: &str) -> f64 {
    f64::from(radius_km + typical_error_km(insee))
}

/// The largest typical error of any commune's point, in km: how much wider than the widest
/// radius a search for volunteers around a mission must look.
pub fn max_typical_error_km() -> u32 {
    Gazetteer::get().max_typical_error_km()
}

/// A WGS84 point in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Point {
    pub const fn new(lat: f64, lon: f64) -> Self {
        Point { lat, lon }
    }

    /// Great-circle distance (haversine), in kilometres.
    pub fn distance_km(&self, other: &Point) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon - self.lon).to_radians();
        let a = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }

    /// A latitude/longitude box that contains every point within `radius_km`; used as an
    /// indexed prefilter before the exact distance.
    pub fn bounding_box(&self, radius_km: f64) -> BoundingBox {
        let dlat = (radius_km / EARTH_RADIUS_KM).to_degrees();
        let coslat = self.lat.to_radians().cos().max(0.01);
        let dlon = (radius_km / (EARTH_RADIUS_KM * coslat))
            .to_degrees()
            .min(180.0);
        BoundingBox {
            min_lat: self.lat - dlat,
            max_lat: self.lat + dlat,
            min_lon: self.lon - dlon,
            max_lon: self.lon + dlon,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

#[cfg(test)]
mod point_tests {
    use super::*;

    #[test]
    fn arras_to_lens_is_about_sixteen_km() {
        let arras = Point::new(50.2910, 2.7775);
        let lens = Point::new(50.4320, 2.8330);
        let d = arras.distance_km(&lens);
        assert!((15.0..17.0).contains(&d), "{d}");
        assert_eq!(arras.distance_km(&arras), 0.0);
    }

    #[test]
    fn bounding_box_contains_the_circle() {
        let p = Point::new(50.3, 2.8);
        let b = p.bounding_box(10.0);
        let east = Point::new(50.3, b.max_lon);
        let north = Point::new(b.max_lat, 2.8);
        assert!((p.distance_km(&east) - 10.0).abs() < 0.05);
        assert!((p.distance_km(&north) - 10.0).abs() < 0.05);
    }
}
