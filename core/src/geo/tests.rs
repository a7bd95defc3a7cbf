//! Resolution of real Pas-de-Calais inputs, and accuracy against an independent reference.

use super::{Gazetteer, Point, Precision, Resolution};

fn g() -> &'static Gazetteer {
    Gazetteer::get()
}

#[track_caller]
fn found(input: &str, prefer: Option<&str>) -> (&'static str, &'static str) {
    match g().resolve(input, prefer) {
        Resolution::Found(c) => (c.insee, c.name),
        other => panic!("{input:?}: expected one commune, got {other:?}"),
    }
}

#[track_caller]
fn choices(input: &str, prefer: Option<&str>) -> Vec<&'static str> {
    match g().resolve(input, prefer) {
        Resolution::Choose(list) => list.iter().map(|c| c.insee).collect(),
        other => panic!("{input:?}: expected a choice, got {other:?}"),
    }
}

#[test]
fn table_is_complete() {
    assert!(g().len() > 34_900, "{}", g().len());
    assert_eq!(
        g().communes()
            .iter()
            .filter(|c| c.departement == "62")
            .count(),
        887
    );
    let arras = g().by_insee("62041").unwrap();
    assert_eq!(arras.name, "Arras");
    assert_eq!(arras.precision, Precision::Own);
}

#[test]
fn tricky_pas_de_calais_inputs() {
    let p = Some("62");
    // Dropped accents, case, spacing.
    assert_eq!(found("bethune", p).0, "62119");
    assert_eq!(found("  LIEVIN ", p).0, "62510");
    assert_eq!(found("henin beaumont", p).0, "62427");
    // Ligature typed as two letters.
    assert_eq!(found("Noeux les mines", p).0, "62617");
    // St / Ste and homonyms elsewhere in France (Saint-Omer also exists in Calvados).
    assert_eq!(found("St Omer", p).0, "62765");
    assert_eq!(found("st pol s/ ternoise", p).0, "62767");
    assert_eq!(found("Saint-Léger", p).0, "62754");
    assert_eq!(found("Arques", p).0, "62040");
    assert_eq!(found("Grenay", p).0, "62386");
    // Usual names.
    assert_eq!(found("Berck-sur-Mer", p).0, "62108");
    assert_eq!(found("berck sur mer", None).0, "62108");
    assert_eq!(found("Le Touquet", p).0, "62826");
    assert_eq!(found("touquet", p).0, "62826");
    // Merged-away communes go to their parent.
    assert_eq!(found("Hesdin", p), ("62447", "Hesdin-la-Forêt"));
    assert_eq!(found("Huby-Saint-Leu", p).0, "62447");
    assert_eq!(found("Berguette", p).0, "62473");
    // A trailing département or postal code narrows homonyms.
    assert_eq!(found("Saint-Omer 62", None).0, "62765");
    assert_eq!(found("Warlus 80", p).0, "80821");
    assert_eq!(found("Arras", None).0, "62041");
    assert_eq!(found("Calais", p).0, "62193");
}

#[test]
fn shared_postal_codes_and_ambiguous_names_ask() {
    let arras = choices("62000", Some("62"));
    assert_eq!(arras, vec!["62041", "62263"], "Arras then Dainville");
    let ternoise = choices("62130", Some("62"));
    assert_eq!(ternoise.len(), 33);
    assert_eq!(
        ternoise[0], "62767",
        "Saint-Pol-sur-Ternoise is the largest"
    );
    // Beaumetz alone is a village of the Somme; from Pas-de-Calais the three Beaumetz-lès-…
    // are offered first.
    let beaumetz = choices("Beaumetz", Some("62"));
    assert_eq!(beaumetz.len(), 4);
    assert!(
        beaumetz[..3].iter().all(|c| c.starts_with("62")),
        "{beaumetz:?}"
    );
    assert_eq!(beaumetz[3], "80068");
    let boulogne = choices("Boulogne", Some("62"));
    assert_eq!(
        boulogne[0], "62160",
        "Boulogne-sur-Mer before Boulogne-Billancourt"
    );
    assert!(boulogne.contains(&"92012"));
    // Homonyms without a known département: the most populous first.
    let omer = choices("Saint-Omer", None);
    assert_eq!(omer, vec!["62765", "14635"]);
}

#[test]
fn unknown_places_get_nearest_spellings() {
    match g().resolve("Aras", Some("62")) {
        Resolution::NotFound(s) => assert_eq!(s.first().map(|c| c.insee), Some("62041")),
        other => panic!("{other:?}"),
    }
    for junk in [
        "",
        "   ",
        "🙂🙂",
        "'; DROP TABLE volunteers; --",
        "99999",
        "Москва",
        "62",
    ] {
        assert!(
            matches!(g().resolve(junk, Some("62")), Resolution::NotFound(_)),
            "{junk:?}"
        );
    }
    let huge = "a".repeat(2_000);
    assert!(matches!(g().resolve(&huge, None), Resolution::NotFound(_)));
}

#[test]
fn shared_location_finds_the_commune() {
    // The belfry of Arras.
    let c = g().nearest(&Point::new(50.2910, 2.7775)).unwrap();
    assert_eq!(c.insee, "62041");
}

/// The independent reference (La Poste / INSEE via Coercive/FranceCities, test data only; see
/// ../shared/data/README.md). Compared by INSEE code; codes absent there are skipped.
fn reference() -> Option<std::collections::HashMap<String, Point>> {
    let path = std::env::var("RENFORT_REFERENCE_COORDS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/fr_postal_code_commune_coords.csv"
        )
        .to_string()
    });
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("accuracy: reference {path} not found; accuracy tests not run");
        return None;
    };
    let mut map = std::collections::HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (lat, lon) = (
            f[f.len() - 2].parse().unwrap(),
            f[f.len() - 1].parse().unwrap(),
        );
        map.insert(f[1].to_string(), Point::new(lat, lon));
    }
    Some(map)
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 * q) as usize).min(v.len() - 1)]
}

#[test]
fn accuracy_against_the_reference() {
    let Some(reference) = reference() else { return };
    let (mut own, mut fallback) = (Vec::new(), Vec::new());
    for c in g().communes() {
        // French Guiana: the reference gives the centre of huge territories, not the town.
        if c.departement == "973" {
            continue;
        }
        let Some(r) = reference.get(c.insee) else {
            continue;
        };
        let d = c.point.distance_km(r);
        if c.precision == Precision::Own {
            own.push(d)
        } else {
            fallback.push(d)
        }
    }
    let (own_n, fb_n) = (own.len(), fallback.len());
    let own_p99 = quantile(&mut own, 0.99);
    let own_med = quantile(&mut own, 0.5);
    let fb_med = quantile(&mut fallback, 0.5);
    let fb_p90 = quantile(&mut fallback, 0.9);
    eprintln!(
        "accuracy: own points n={own_n} median {own_med:.2} km p99 {own_p99:.2} km; \
         fallback n={fb_n} median {fb_med:.2} km p90 {fb_p90:.2} km"
    );
    assert!(own_p99 <= 5.0, "own points p99 {own_p99:.2} km");
    assert!(fb_p90 <= 12.0, "fallback points p90 {fb_p90:.2} km");

    // What a Pas-de-Calais volunteer gets for each postal code: the commune offered first.
    let mut codes: Vec<&str> = g()
        .communes()
        .iter()
        .filter(|c| c.departement == "62")
        .flat_map(|c| c.postal_codes.iter().copied())
        .collect();
    codes.sort();
    codes.dedup();
    let mut pas_de_calais = Vec::new();
    for code in &codes {
        let first = match g().resolve(code, Some("62")) {
            Resolution::Found(c) => c,
            Resolution::Choose(list) => list[0],
            Resolution::NotFound(_) => panic!("{code} not found"),
        };
        if let Some(r) = reference.get(first.insee) {
            pas_de_calais.push(first.point.distance_km(r));
        }
    }
    let n = pas_de_calais.len();
    let med = quantile(&mut pas_de_calais, 0.5);
    let p90 = quantile(&mut pas_de_calais, 0.9);
    eprintln!("accuracy: Pas-de-Calais postal codes n={n} median {med:.2} km p90 {p90:.2} km");
    assert_eq!(codes.len(), 150);
    assert!(med <= 1.0, "Pas-de-Calais postal codes median {med:.2} km");
}
