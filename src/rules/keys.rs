//! Finding a question by its id, for every key of every record: perfect hashes over the
//! rule set's ids, chosen when the rule set is loaded. A key lands on one slot and is
//! compared with the one id there. No branch depends on which question the key is (a scan
//! of the ids in order, or a general hash map, does: records leave questions out at
//! random, so the place of the next key is different in every record).
//!
//! Two tables: `get` finds a key already cut out of its record (hashed from its length
//! and its first and last eight bytes); `at` finds the key that starts at a place in a
//! record from its first eight bytes alone (sixteen, for ids that share their first
//! eight, such as `maternal_infection` and `maternal_nutrition_disorder`), so that the
//! record's reader need not look for the key's closing quote first.

use std::collections::HashMap;

/// The ids of a rule set's questions, each with its index.
#[derive(Debug, Clone)]
pub(crate) struct KeyTable {
    /// The ids, by question index.
    ids: Vec<Box<[u8]>>,
    /// `get`'s table: the index of the id whose hash lands there (`EMPTY` for none).
    whole: Perfect,
    /// `at`'s table, over the first eight bytes of ids of eight bytes or more: the id that
    /// begins so, or `LONGER` where several do.
    prefix: Perfect,
    /// `at`'s second table, over the first sixteen bytes of the ids that share their first
    /// eight with another (those of sixteen bytes or more whose first sixteen none shares).
    second: Perfect,
    /// When no seed separates the ids (never seen: a rule set has a few dozen), a map.
    fallback: Option<HashMap<Box<[u8]>, usize>>,
}

/// A slot with no id.
const EMPTY: usize = usize::MAX;

/// A slot of `at`'s first table for the first eight bytes of several ids: the next eight
/// tell them apart.
const LONGER: usize = usize::MAX - 1;

/// Slots picked by the top bits of a hash times a seed that puts each id in its own.
#[derive(Debug, Clone)]
struct Perfect {
    slots: Vec<usize>,
    seed: u64,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

impl Perfect {
    /// A table of the ids with these `hashes` (before the seed), by their place in it;
    /// `None` when no seed tried puts every one in a slot of its own.
    fn new(hashes: &[(u64, usize)]) -> Option<Perfect> {
        // Four slots per id to start with, more until a seed separates them: a few dozen
        // ids need 16 per id (a table of a few KiB).
        let least = (hashes.len().max(1) * 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(3);
        (least..least + 6).find_map(|bits| {
            let shift = 64 - bits;
            (0..SEEDS).find_map(|seed| {
                let seed = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                let mut slots = vec![EMPTY; 1 << bits];
                hashes
                    .iter()
                    .all(|&(h, index)| {
                        let slot = &mut slots[slot_of(h, seed, shift)];
                        std::mem::replace(slot, index) == EMPTY
                    })
                    .then_some(Perfect { slots, seed, shift })
            })
        })
    }

    /// A table of no ids, for a `KeyTable` that looks ids up in its map.
    fn none() -> Perfect {
        // Two slots: the top bit of a hash picks one.
        Perfect {
            slots: vec![EMPTY; 2],
            seed: 1,
            shift: 63,
        }
    }

    fn get(&self, h: u64) -> usize {
        self.slots[slot_of(h, self.seed, self.shift)]
    }
}

#[inline]
fn slot_of(h: u64, seed: u64, shift: u32) -> usize {
    let mixed = h.wrapping_mul(seed);
    ((mixed ^ (mixed >> 29)).wrapping_mul(seed) >> shift) as usize
}

/// The most ids given perfect hashes (a rule set asks a few dozen questions).
const MOST_IDS: usize = 256;

/// Seeds tried at each size of table.
const SEEDS: u64 = 256;

impl KeyTable {
    pub(crate) fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> KeyTable {
        let ids: Vec<Box<[u8]>> = ids.into_iter().map(|id| id.as_bytes().into()).collect();
        // A seed for thousands of ids takes long to find: a map finds them instead.
        let tables = (ids.len() <= MOST_IDS).then(|| {
            let whole: Vec<(u64, usize)> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| (hash(id), i))
                .collect();
            let firsts: Vec<(u64, usize)> = ids
                .iter()
                .enumerate()
                .filter(|(_, id)| id.len() >= 8)
                .map(|(i, id)| (word(&id[..8]), i))
                .collect();
            let shared = |w: u64| firsts.iter().filter(|(v, _)| *v == w).count() > 1;
            // Ids that share their first eight bytes take one slot, which sends `at` on to
            // the second table.
            let mut prefixed: Vec<(u64, usize)> = firsts
                .iter()
                .map(|&(w, i)| (w, if shared(w) { LONGER } else { i }))
                .collect();
            prefixed.sort_unstable();
            prefixed.dedup();
            let seconds: Vec<(u64, usize)> = firsts
                .iter()
                .filter(|(w, _)| shared(*w))
                .filter(|(_, i)| ids[*i].len() >= 16)
                .map(|&(_, i)| (sixteen(&ids[i][..16]), i))
                .collect();
            // Ids that share their first sixteen bytes too are found by `get` only.
            let seconds: Vec<(u64, usize)> = seconds
                .iter()
                .filter(|(h, _)| seconds.iter().filter(|(g, _)| g == h).count() == 1)
                .copied()
                .collect();
            Some((
                Perfect::new(&whole)?,
                Perfect::new(&prefixed)?,
                Perfect::new(&seconds)?,
            ))
        });
        match tables.flatten() {
            Some((whole, prefix, second)) => KeyTable {
                ids,
                whole,
                prefix,
                second,
                fallback: None,
            },
            None => KeyTable {
                fallback: Some(
                    ids.iter()
                        .enumerate()
                        .map(|(i, id)| (id.clone(), i))
                        .collect(),
                ),
                whole: Perfect::none(),
                prefix: Perfect::none(),
                second: Perfect::none(),
                ids,
            },
        }
    }

    /// The index of the question whose id is `key`.
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        let key = key.as_bytes();
        if let Some(map) = &self.fallback {
            return map.get(key).copied();
        }
        let index = self.whole.get(hash(key));
        (index != EMPTY && same(&self.ids[index], key)).then_some(index)
    }

    /// Whether `key` is the id of question `index` (any index).
    #[inline]
    pub(crate) fn is(&self, index: usize, key: &str) -> bool {
        self.ids
            .get(index)
            .is_some_and(|id| same(id, key.as_bytes()))
    }

    /// The question whose id is the key starting at `b[i]` (after its opening quote), and
    /// the id's length, when it is found from the key's first eight bytes (or sixteen,
    /// `second`): the bytes from `i` are the id and then a quote. `None` leaves the key to
    /// be cut out and found by `get` (an id shorter than eight bytes, or sharing its first
    /// sixteen with another, a key that is no id, the end of `b`).
    // Right only because an id holds no quote or backslash (ids are ASCII letters, digits,
    // `_` and `-`, checked when the rule file is read): the quote after the id's bytes is
    // then the key's closing quote.
    #[inline]
    pub(crate) fn at(&self, b: &[u8], i: usize) -> Option<(usize, usize)> {
        let first = word(b.get(i..i + 8)?);
        let mut index =
            *self
                .prefix
                .slots
                .get(slot_of(first, self.prefix.seed, self.prefix.shift))?;
        if index == LONGER {
            index = self.second.get(sixteen(b.get(i..i + 16)?));
        }
        let id = self.ids.get(index)?;
        let end = i + id.len();
        (b.get(end) == Some(&b'"') && same(id, &b[i..end])).then_some((index, id.len()))
    }
}

/// Sixteen bytes as one word for `at`'s second table: two different ones are the same
/// word only by a rare accident (and are then left to `get`).
#[inline]
fn sixteen(bytes: &[u8]) -> u64 {
    word(&bytes[..8])
        .rotate_left(32)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ word(&bytes[8..16])
}

/// Every byte of the key and its length, mixed: keys of 8 to 32 bytes (the usual id) as
/// the four overlapping words `same` compares, without a loop whose length depends on
/// the key.
#[inline]
fn hash(key: &[u8]) -> u64 {
    let n = key.len();
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(23);
    let len = (n as u64).rotate_left(58);
    if n < 8 {
        return mix(len, short_word(key));
    }
    if n > 32 {
        return key
            .chunks(8)
            .map(|c| {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                u64::from_le_bytes(w)
            })
            .fold(len, mix);
    }
    let at = |i: usize| i.min(n - 8);
    [0, 8, 16, n - 8]
        .into_iter()
        .map(|i| word(&key[at(i)..at(i) + 8]))
        .fold(len, mix)
}

/// Up to eight bytes as one word, little-endian, padded with zeros: built byte by byte
/// (copying into a buffer first calls libc's memcpy). Also the flat JSON reader's short
/// words (`answers::flat`).
#[inline]
pub(crate) const fn short_word(bytes: &[u8]) -> u64 {
    let mut w = 0u64;
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        w = w << 8 | bytes[i] as u64;
    }
    w
}

#[inline]
fn word(eight: &[u8]) -> u64 {
    u64::from_le_bytes(eight.try_into().expect("eight bytes"))
}

/// `a == b`: for keys of 8 to 32 bytes (the usual id), four overlapping words compared at
/// once, without a loop whose length depends on the key; a libc call per key costs more.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return short_word(a) == short_word(b);
    }
    if n > 32 {
        return a == b;
    }
    // Words at 0, 8, 16 and n - 8 cover every byte of up to 32; past the end of a shorter
    // key they are taken from its last eight instead.
    let at = |i: usize| i.min(n - 8);
    [0, 8, 16, n - 8]
        .into_iter()
        .map(|i| word(&a[at(i)..at(i) + 8]) ^ word(&b[at(i)..at(i) + 8]))
        .fold(0, |acc, x| acc | x)
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_nothing_else() {
        let ids = [
            "gestational_age_weeks",
            "birth_weight_grams",
            "a",
            "ab",
            "family_epilepsy",
            "family_cerebral_palsy",
            "twelve_bytes",
            "母亲感染",
            // Ids alike but in their middle, longer than sixteen bytes and than 32.
            "family_epilepsy_mother_side",
            "family_epilepsy_father_side",
            "a_very_long_question_id_of_more_than_32_bytes_one",
            "a_very_long_question_id_of_more_than_32_bytes_two",
            "a_very_long_question_id_of_more_than_32_bytes_ane",
        ];
        let table = KeyTable::new(ids);
        assert!(table.fallback.is_none());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.get(id), Some(i), "{id}");
        }
        // Same length and ends, a different middle; a prefix; longer; empty.
        for other in [
            "gestational_agX_weeks",
            "family_epilepsz",
            "family_cerebral_palsy_",
            "b",
            "",
            "twelve_bytez",
            "gestational",
            "母亲",
        ] {
            assert_eq!(table.get(other), None, "{other}");
        }
    }

    #[test]
    fn finds_a_key_in_its_record_from_its_first_eight_bytes() {
        let ids = [
            "family_epilepsy",
            "family_epilepsy_2",
            "family_cerebral_palsy",
            "id",
        ];
        let table = KeyTable::new(ids);
        let record =
            br#"{"family_epilepsy":"no","family_epilepsy_2":1,"id":"a","family_cerebral_palsy"#;
        let at = |key: &str| {
            let i = record
                .windows(key.len() + 2)
                .position(|w| w == format!("\"{key}\"").as_bytes())
                .expect("in the record");
            table.at(record, i + 1)
        };
        // The first two share their first eight bytes: the second is found from its first
        // sixteen; the first, shorter, is left to `get`, as is a short id.
        assert_eq!(at("family_epilepsy"), None);
        assert_eq!(at("family_epilepsy_2"), Some((1, 17)));
        assert_eq!(at("id"), None);
        assert_eq!(table.get("family_epilepsy_2"), Some(1));
        // The last has no closing quote: the record ends first.
        let i = record.len() - "family_cerebral_palsy".len();
        assert_eq!(table.at(record, i), None);
        let whole = br#"{"family_cerebral_palsy":"no"}"#;
        assert_eq!(table.at(whole, 2), Some((2, 21)));
        // A longer key with the same beginning, and a different one of the same length.
        assert_eq!(table.at(br#"{"family_cerebral_palsy_x":1}"#, 2), None);
        assert_eq!(table.at(br#"{"family_cerebral_palsx":1}"#, 2), None);
        assert_eq!(table.at(br#"{"family_c"#, 2), None);
        // A key that begins as two ids do but is neither, and one that ends too soon.
        assert_eq!(table.at(br#"{"family_epilepsy_3":1}"#, 2), None);
        assert_eq!(table.at(br#"{"family_epilepsy_2"#, 2), None);
        assert_eq!(table.at(br#"{"family_epil"#, 2), None);
    }

    #[test]
    fn ids_that_share_their_first_sixteen_bytes_are_left_to_get() {
        let ids = [
            "maternal_infection",
            "maternal_nutrition_disorder",
            "maternal_nutrition_other",
        ];
        let table = KeyTable::new(ids);
        let at = |key: &str| table.at(format!("\"{key}\":1}}").as_bytes(), 1);
        assert_eq!(at("maternal_infection"), Some((0, 18)));
        assert_eq!(at("maternal_nutrition_disorder"), None);
        assert_eq!(at("maternal_nutrition_other"), None);
        assert_eq!(table.get("maternal_nutrition_other"), Some(2));
    }

    #[test]
    fn thousands_of_ids_are_found_in_a_map_without_a_search_for_seeds() {
        let ids: Vec<String> = (0..5_000).map(|i| format!("question_number_{i}")).collect();
        let table = KeyTable::new(ids.iter().map(String::as_str));
        assert!(table.fallback.is_some());
        assert_eq!(table.get("question_number_4999"), Some(4999));
        assert_eq!(table.at(b"\"question_number_7\":1}", 1), None);
        assert!(table.is(7, "question_number_7"));
    }

    #[test]
    fn ids_that_no_seed_separates_are_found_in_a_map() {
        // Two equal ids collide under every seed (a loaded rule set never has them).
        let table = KeyTable::new(["same", "same", "other"]);
        assert!(table.fallback.is_some());
        assert_eq!(table.get("other"), Some(2));
        assert_eq!(table.get("none"), None);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_map(
            // Some ids alike in their first eight or sixteen bytes, as a rule set's can be.
            ids in proptest::collection::hash_set(
                proptest::prop_oneof!["[a-z_]{1,40}", "(maternal_nutrit|maternal_|mat)[a-c]{0,12}"],
                1..80,
            ),
            probes in proptest::collection::vec("[a-z_]{0,40}", 0..40),
        ) {
            let ids: Vec<String> = ids.into_iter().collect();
            let table = KeyTable::new(ids.iter().map(String::as_str));
            for (i, id) in ids.iter().enumerate() {
                proptest::prop_assert_eq!(table.get(id), Some(i));
            }
            for p in &probes {
                proptest::prop_assert_eq!(table.get(p), ids.iter().position(|id| id == p));
            }
            // `at` finds an id in a record, or leaves it to `get` only when it must.
            for (i, id) in ids.iter().enumerate() {
                let record = format!("\"{id}\":1}}");
                match table.at(record.as_bytes(), 1) {
                    Some(found) => proptest::prop_assert_eq!(found, (i, id.len())),
                    None => {
                        let sharing = |n: usize| {
                            ids.iter().filter(|o| o.len() >= n && o[..n] == id[..n]).count() > 1
                        };
                        proptest::prop_assert!(
                            id.len() < 8 || (sharing(8) && (id.len() < 16 || sharing(16)))
                        )
                    }
                }
            }
            for p in &probes {
                let record = format!("\"{p}\":1}}");
                if let Some((j, len)) = table.at(record.as_bytes(), 1) {
                    proptest::prop_assert_eq!(&ids[j], p);
                    proptest::prop_assert_eq!(len, p.len());
                }
            }
        }
    }
}
