//! Issue 26: the place question answered as people write it, through the engine.

use super::*;
use crate::render::reply_text;

/// A volunteer about to answer "where do you live" (the deployment is in Pas-de-Calais).
fn asked_where() -> Harness {
    let mut h = Harness::new();
    for answer in ["Bonjour", "oui", "Marie"] {
        h.send(answer);
    }
    h
}

/// What the volunteer reads, each message in one SMS.
fn says(h: &mut Harness, input: &str) -> Vec<String> {
    let out = h.send_full(input);
    let texts: Vec<String> = out
        .replies
        .iter()
        .map(|r| reply_text(Lang::Fr, r))
        .collect();
    for t in &texts {
        assert!(t.chars().count() <= 160, "longer than one SMS: {t:?}");
    }
    texts
}

fn place(h: &Harness) -> &str {
    h.v.place.as_ref().map_or("", |p| p.insee.as_str())
}

#[test]
fn a_departement_asks_which_commune_then_takes_it() {
    let mut h = asked_where();
    let said = says(&mut h, "Pas-de-Calais");
    assert_eq!(
        said,
        [
            "Pas-de-Calais, d'accord : dans quelle commune ? Envoyez son code postal ou son nom, \
          par exemple : 62100 ou Calais"
        ]
    );
    assert_eq!(h.v.conversation.step, Step::Place);
    says(&mut h, "62400 Béthune");
    assert_eq!(place(&h), "62119");

    // La Réunion is the island, not the village of Lot-et-Garonne.
    let mut h = asked_where();
    let said = says(&mut h, "La Réunion");
    assert!(said[0].starts_with("La Réunion, d'accord"), "{said:?}");
    assert!(said[0].ends_with("97400 ou Saint-Denis"), "{said:?}");
}

#[test]
fn homonyms_are_paged_and_grouped_by_departement() {
    let mut h = asked_where();
    // From Pas-de-Calais every Beaumont is far: the question says so.
    let first = says(&mut h, "Beaumont");
    let lines: Vec<&str> = first[0].lines().collect();
    assert!(
        lines[0].starts_with("\"Beaumont\" : aucune commune"),
        "{first:?}"
    );
    assert!(lines.len() >= 3, "{first:?}");
    assert_eq!(
        lines[lines.len() - 1],
        "Le numéro, ou PLUS pour les suivantes."
    );
    assert_eq!(h.v.conversation.place_options.len(), 9);
    // A number not shown yet is not taken: the list is shown again.
    let again = says(&mut h, "7");
    assert_eq!(place(&h), "");
    assert_eq!(h.v.conversation.step, Step::ChoosePlace);
    assert!(
        again[0].starts_with("9 communes possibles :\n1 "),
        "{again:?}"
    );
    // PLUS until the last page, each numbered on from the one before.
    let mut pages = vec![first[0].clone(), again[0].clone()];
    while h.v.conversation.place_seen < 9 {
        let next = says(&mut h, "PLUS");
        pages.push(next[0].clone());
        assert!(pages.len() < 6, "{pages:?}");
    }
    let all = pages.join("\n");
    for n in 1..=9 {
        assert!(all.contains(&format!("\n{n} ")), "{n} missing: {pages:?}");
    }
    assert!(
        pages[pages.len() - 1].ends_with("Répondez par le numéro ou le nom."),
        "{pages:?}"
    );
    // Grouped: one département's lines are never split by another's.
    let deps: Vec<String> =
        h.v.conversation
            .place_options
            .iter()
            .map(|i| i[..2].to_string())
            .collect();
    let mut seen: Vec<&String> = Vec::new();
    for (i, d) in deps.iter().enumerate() {
        if i > 0 && deps[i - 1] != *d {
            assert!(!seen.contains(&d), "{deps:?}");
        }
        seen.push(d);
    }
    let seventh = h.v.conversation.place_options[6].clone();
    says(&mut h, "7");
    assert_eq!(place(&h), seventh);
}

#[test]
fn a_former_commune_name_is_named_as_such() {
    let mut h = asked_where();
    let said = says(&mut h, "Boulogne");
    assert!(
        said[0].contains("Essarts-en-Bocage (85), ex-Boulogne"),
        "{said:?}"
    );
    assert!(said[0].contains("1 Boulogne-sur-Mer (62)\n"), "{said:?}");
}

#[test]
fn arrondissements_and_envelope_order() {
    for (input, insee) in [
        ("62 280", "62758"),
        ("62.280", "62758"),
        ("62700 Bruay la Buissière", "62178"),
        ("jsui a bethune", "62119"),
        ("j'habite à Béthune", "62119"),
    ] {
        let mut h = asked_where();
        says(&mut h, input);
        assert_eq!(place(&h), insee, "{input}");
    }
    // Far from Pas-de-Calais: confirmed first, then taken.
    for (input, insee) in [
        ("Paris 11", "75111"),
        ("Paris 11e", "75111"),
        ("75011", "75111"),
        ("Lyon 3e", "69383"),
        ("Marseille 8", "13208"),
    ] {
        let mut h = asked_where();
        says(&mut h, input);
        if place(&h).is_empty() {
            assert_eq!(h.v.conversation.place_options, [insee], "{input}");
            says(&mut h, "oui");
        }
        assert_eq!(place(&h), insee, "{input}");
    }
}

#[test]
fn a_commune_found_by_its_former_name_says_so() {
    let mut h = asked_where();
    let said = says(&mut h, "Huby-Saint-Leu");
    assert_eq!(place(&h), "62447");
    assert!(
        said[0].starts_with("C'est noté : Hesdin-la-Forêt (62), dont Huby-Saint-Leu."),
        "{said:?}"
    );
    // By its own name: no mention.
    let mut h = asked_where();
    let said = says(&mut h, "Hesdin-la-Forêt");
    assert!(
        said[0].starts_with("C'est noté : Hesdin-la-Forêt (62)."),
        "{said:?}"
    );
}
