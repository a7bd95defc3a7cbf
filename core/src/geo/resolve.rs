//! From what a volunteer typed ("62130", "st omer", "Beaumetz 62") to a commune, or to a short
//! ranked list to choose from.

use super::gazetteer::{Area, Commune, Gazetteer, normalize_name};
use crate::text::fold;

#[derive(Debug)]
pub enum Resolution<'a> {
    /// One commune, sure enough to confirm back.
    Found(&'a Commune),
    /// Several candidates, best first; the engine asks which.
    Choose(Vec<&'a Commune>),
    /// Nothing matched; the nearest spellings, best first (maybe none).
    NotFound(Vec<&'a Commune>),
    /// A département or a region ("Pas-de-Calais", "La Réunion"): ask which commune in it.
    Area(&'a Area),
}

impl Gazetteer {
    /// Resolves a postal code or a commune name, preferring `prefer_dep` (the volunteer's known
    /// département) among homonyms. A trailing département or postal code narrows a name:
    /// "Beaumetz 62", "Beaumetz 62123".
    pub fn resolve<'a>(&'a self, input: &str, prefer_dep: Option<&str>) -> Resolution<'a> {
        let key = normalize_name(strip_lead(&fold(input)));
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return Resolution::NotFound(Vec::new());
        }
        let joined = join_split_postal_codes(&words);
        let mut words: Vec<&str> = joined.iter().map(String::as_str).collect();
        if words.len() == 1 && is_postal_code(words[0]) {
            let mut list = self.by_postal_code(words[0]);
            // 75011 is Paris's 11th arrondissement, not Paris as a whole.
            if list.iter().any(|c| is_arrondissement(c)) {
                list.retain(|c| is_arrondissement(c));
            }
            return match list.len() {
                0 => Resolution::NotFound(Vec::new()),
                1 => Resolution::Found(list[0]),
                _ => Resolution::Choose(list),
            };
        }
        if let Some(c) = self.arrondissement(&words) {
            return Resolution::Found(c);
        }
        // A leading qualifier, as on an envelope: "62400 Béthune", "62 Béthune".
        let mut narrow: Option<String> = None;
        if words.len() > 1 && (is_postal_code(words[0]) || is_departement(words[0])) {
            narrow = Some(words.remove(0).to_uppercase());
        }
        // A trailing qualifier: département ("62", "2a") or postal code.
        if narrow.is_none() && words.len() > 1 {
            let last = words[words.len() - 1];
            if is_postal_code(last) || is_departement(last) {
                narrow = Some(last.to_uppercase());
                words.pop();
            }
        }
        let name = words.join(" ");
        // "Paris 75011": the arrondissement that postal code serves.
        if let Some(code) = narrow.as_deref().filter(|n| n.len() == 5)
            && let Some(c) = self
                .by_postal_code(code)
                .into_iter()
                .find(|c| is_arrondissement(c) && normalize_name(c.name).starts_with(&name))
        {
            return Resolution::Found(c);
        }
        if narrow.is_none()
            && let Some(area) = self.area(&name)
        {
            return Resolution::Area(area);
        }
        let prefer = narrow
            .as_deref()
            .filter(|n| n.len() <= 3)
            .map(str::to_string)
            .or(prefer_dep.map(str::to_string));
        let keep = |c: &&Commune| match &narrow {
            Some(n) if n.len() == 5 => c.postal_codes.iter().any(|p| p == n),
            Some(n) => c.departement == n,
            None => true,
        };

        let mut exact: Vec<&Commune> = self.exact(&name).into_iter().filter(keep).collect();
        if exact.is_empty() {
            // "Berck-sur-Mer" → "Berck": drop a trailing "sur …"/"en …" qualifier.
            for sep in [" sur ", " en ", " les ", " lez "] {
                if let Some(pos) = name.find(sep) {
                    exact = self.exact(&name[..pos]).into_iter().filter(keep).collect();
                    if !exact.is_empty() {
                        break;
                    }
                }
            }
        }
        let mut longer: Vec<&Commune> = self
            .prefixed(&name)
            .into_iter()
            .filter(keep)
            .filter(|c| !exact.iter().any(|e| e.insee == c.insee))
            .collect();
        rank(&mut exact, prefer.as_deref());
        rank(&mut longer, prefer.as_deref());
        exact.dedup_by_key(|c| c.insee);
        longer.dedup_by_key(|c| c.insee);
        let local = |list: &[&'a Commune]| -> Vec<&'a Commune> {
            list.iter()
                .copied()
                .filter(|c| Some(c.departement) == prefer.as_deref())
                .collect()
        };
        let (exact_local, longer_local) = (local(&exact), local(&longer));
        let choose = |mut first: Vec<&'a Commune>, rest: Vec<&'a Commune>| {
            first.extend(rest);
            rank(&mut first, prefer.as_deref());
            first.dedup_by_key(|c| c.insee);
            Resolution::Choose(first)
        };
        // The volunteer's own département first: one exact name there is an answer.
        if exact_local.len() == 1 {
            return Resolution::Found(exact_local[0]);
        }
        if exact_local.len() > 1 {
            return choose(exact, Vec::new());
        }
        if !longer_local.is_empty() {
            // "Beaumetz" from Pas-de-Calais: the three Beaumetz-lès-… nearby matter more than
            // the lone Beaumetz of the Somme.
            if exact.is_empty() && longer_local.len() == 1 {
                return Resolution::Found(longer_local[0]);
            }
            return choose(exact, longer);
        }
        match (exact.len(), longer.len()) {
            (0, 0) => Resolution::NotFound(self.suggest(&name, prefer.as_deref())),
            (0, 1) => Resolution::Found(longer[0]),
            (0, _) => Resolution::Choose(longer),
            // One exact name wins over longer names unless one of those is a bigger place.
            (1, _) if longer.iter().all(|c| c.population <= exact[0].population) => {
                Resolution::Found(exact[0])
            }
            (1, _) => choose(exact, longer),
            // True homonyms ("Saint-Omer"): the name was typed in full, ask among those only.
            _ => Resolution::Choose(exact),
        }
    }

    /// "Pas-de-Calais", "La Réunion", "Hauts-de-France": a département or region named in full,
    /// unless a commune of that name lies inside it (Paris is a commune first).
    fn area(&self, name: &str) -> Option<&Area> {
        // "le Nord", "la Bretagne", "les Landes": the article is optional.
        let bare = ["le ", "la ", "les ", "l "]
            .iter()
            .find_map(|a| name.strip_prefix(a))
            .unwrap_or(name);
        let area = [name, bare]
            .iter()
            .find_map(|k| self.by_area_name.get(*k).and_then(|v| v.first()))
            .map(|&i| &self.areas[i])?;
        // Vienne (Isère, 30,000 people) is a town as much as a département: a commune that
        // big keeps its name; the village of La Réunion (Lot-et-Garonne) does not.
        let commune_first = self
            .exact(name)
            .iter()
            .any(|c| area.departements.contains(&c.departement) || c.population >= AREA_YIELDS_TO);
        (!commune_first).then_some(area)
    }

    /// "Paris 11", "paris 11e", "Lyon 3eme", "Marseille 8 arrondissement": the municipal
    /// arrondissement.
    fn arrondissement(&self, words: &[&str]) -> Option<&Commune> {
        let (city, count) = match *words.first()? {
            "paris" => ("paris", 20),
            "lyon" => ("lyon", 9),
            "marseille" => ("marseille", 16),
            _ => return None,
        };
        let rest = &words[1..];
        if rest.is_empty()
            || rest.len() > 2
            || rest
                .get(1)
                .is_some_and(|w| !matches!(*w, "arrondissement" | "arr" | "arrdt"))
        {
            return None;
        }
        let digits: String = rest[0].chars().take_while(char::is_ascii_digit).collect();
        let suffix = &rest[0][digits.len()..];
        if !matches!(
            suffix,
            "" | "e" | "eme" | "ieme" | "er" | "ere" | "em" | "me"
        ) {
            return None;
        }
        let n: usize = digits.parse().ok()?;
        if !(1..=count).contains(&n) {
            return None;
        }
        let ordinal = if n == 1 {
            "1er".to_string()
        } else {
            format!("{n}e")
        };
        self.exact(&format!("{city} {ordinal} arrondissement"))
            .into_iter()
            .next()
    }

    /// The former commune's name by which `input` reached `c`, when no current name of `c`
    /// matches: "Boulogne" → Essarts-en-Bocage, which took in Boulogne (Vendée) in 2016.
    pub fn former_name_matched(&self, c: &Commune, input: &str) -> Option<&'static str> {
        let key = normalize_name(strip_lead(&fold(input)));
        let key = key.trim();
        let matches = |name: &str| {
            let n = normalize_name(name);
            n == key || n.starts_with(&format!("{key} "))
        };
        if matches(c.name) || c.aliases.iter().any(|a| matches(a)) {
            return None;
        }
        let i = *self.by_insee.get(c.insee)?;
        self.former_names
            .get(&i)?
            .iter()
            .copied()
            .find(|f| matches(f))
    }

    fn exact(&self, key: &str) -> Vec<&Commune> {
        self.by_name
            .get(key)
            .map(|v| v.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }

    /// Communes with a name starting with the given words ("le touquet" → Le
    /// Touquet-Paris-Plage; "boulogne" → Boulogne-sur-Mer, Boulogne-Billancourt…).
    fn prefixed(&self, key: &str) -> Vec<&Commune> {
        if key.len() < 3 {
            return Vec::new();
        }
        let prefix = format!("{key} ");
        let start = self.keys.partition_point(|k| k.as_str() < prefix.as_str());
        let mut out: Vec<&Commune> = Vec::new();
        for k in self.keys[start..]
            .iter()
            .take_while(|k| k.starts_with(&prefix))
        {
            for &i in &self.by_name[k] {
                out.push(&self.communes[i]);
            }
        }
        out
    }

    /// The nearest spellings by edit distance, for a "did you mean" answer. The allowance
    /// grows with the length of what was typed (none under four letters: "oui" is not "Our"),
    /// and only communes near the preferred département are offered, nearest first: a
    /// first name one letter away from a commune at the other end of France is not a place.
    fn suggest(&self, key: &str, prefer: Option<&str>) -> Vec<&Commune> {
        let len = key.chars().count();
        if len < 4 || !key.is_ascii() {
            return Vec::new();
        }
        // Four letters ("Aras"): one slip, and only inside the preferred département.
        let only_in = (len == 4).then_some(prefer).flatten();
        if len == 4 && only_in.is_none() {
            return Vec::new();
        }
        let budget = match len {
            0..=7 => 1,
            8..=11 => 2,
            _ => 3,
        };
        let centre = prefer.and_then(|d| self.departement_centre(d));
        let mut scored: Vec<(usize, f64, &Commune)> = Vec::new();
        for k in &self.keys {
            if k.len().abs_diff(key.len()) > budget {
                continue;
            }
            let d = levenshtein(k, key, budget);
            if d > budget {
                continue;
            }
            for &i in &self.by_name[k] {
                let c = &self.communes[i];
                if only_in.is_some_and(|d| d != c.departement) {
                    continue;
                }
                let km = centre.map_or(0.0, |p| p.distance_km(&c.point));
                if km <= SUGGEST_WITHIN_KM {
                    scored.push((d, km, c));
                }
            }
        }
        scored.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.total_cmp(&b.1))
                .then_with(|| b.2.population.cmp(&a.2.population))
        });
        let mut out: Vec<&Commune> = scored.into_iter().map(|(_, _, c)| c).collect();
        out.dedup_by_key(|c| c.insee);
        out.truncate(5);
        out
    }
}

/// A commune at least this populous is meant by its name rather than the area of that name.
const AREA_YIELDS_TO: u32 = 10_000;

/// Spelling suggestions stay within this distance of the preferred département's centre.
const SUGGEST_WITHIN_KM: f64 = 120.0;

fn rank(list: &mut [&Commune], prefer: Option<&str>) {
    list.sort_by(|a, b| {
        (Some(b.departement) == prefer)
            .cmp(&(Some(a.departement) == prefer))
            .then_with(|| b.population.cmp(&a.population))
            .then_with(|| a.insee.cmp(b.insee))
    });
}

/// What people put before the place: "j'habite à", "jsui a", "moi c'est", "I live in". Only
/// at the start, and only one.
fn strip_lead(folded: &str) -> &str {
    const LEADS: &[&str] = &[
        "j habite a",
        "j habite au",
        "j habite en",
        "j habite sur",
        "j habite dans",
        "j habite",
        "jhabite a",
        "jhabite",
        "habite a",
        "je suis a",
        "je suis au",
        "je suis en",
        "je suis sur",
        "je suis de",
        "je suis",
        "j suis a",
        "jsui a",
        "jsuis a",
        "chui a",
        "je vis a",
        "je vis au",
        "je vis en",
        "je reside a",
        "moi c est",
        "c est",
        "ici",
        "i live in",
        "i live at",
        "i m in",
        "im in",
        "in",
        "a",
    ];
    LEADS
        .iter()
        .filter_map(|lead| {
            folded
                .strip_prefix(lead)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .find(|rest| !rest.trim().is_empty())
        .unwrap_or(folded)
}

/// "62 280", "62.280", "62-280" (folded to "62 280"): one postal code.
fn join_split_postal_codes(words: &[&str]) -> Vec<String> {
    let digits = |w: &str, n: usize| w.len() == n && w.bytes().all(|b| b.is_ascii_digit());
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len() && digits(words[i], 2) && digits(words[i + 1], 3) {
            out.push(format!("{}{}", words[i], words[i + 1]));
            i += 2;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    out
}

/// A municipal arrondissement of Paris, Lyon or Marseille ("Paris 11e Arrondissement").
fn is_arrondissement(c: &Commune) -> bool {
    c.name.ends_with(" Arrondissement")
}

fn is_postal_code(w: &str) -> bool {
    w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit())
}

fn is_departement(w: &str) -> bool {
    (w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()))
        || w == "2a"
        || w == "2b"
        || (w.len() == 3 && w.starts_with("97") && w.bytes().all(|b| b.is_ascii_digit()))
}

/// Levenshtein distance, giving up early (returns `limit + 1`) past `limit`.
fn levenshtein(a: &str, b: &str, limit: usize) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::levenshtein;

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("arras", "aras", 3), 1);
        assert_eq!(levenshtein("bethune", "betune", 3), 1);
        assert_eq!(levenshtein("abc", "xyz", 1), 2);
    }
}
