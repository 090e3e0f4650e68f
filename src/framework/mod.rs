//! The career framework: its data model, where it comes from (embedded blob or a folder of
//! YAML), the checks it must pass, and the lookups every command needs.

pub mod cache;
pub mod check;
pub mod load;
pub mod model;
mod trusted;

pub use model::*;

use crate::error::Invalid;
use crate::suggest::did_you_mean;
use serde::Deserialize;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The embedded framework, parsed from `data/` and checked when the crate is built: a table of
/// contents, then the manifest and each item encoded on its own (see `build.rs`).
static EMBEDDED_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/framework.bin"));

/// Decodes one value this build wrote into the blob; its strings need no UTF-8 check.
fn decode<T: Deserialize<'static>>(bytes: &'static [u8]) -> postcard::Result<T> {
    let mut blob = postcard::Deserializer::from_bytes(bytes);
    T::deserialize(trusted::Trusted(&mut blob))
}

/// Decodes a part of the embedded blob the table of contents points at. The blob comes from
/// this build and the tests decode every part of it, so a failure here is a bug.
fn decode_part<T: Deserialize<'static>>(bytes: &'static [u8]) -> T {
    decode(bytes).expect("the embedded framework decodes")
}

/// An item of one of the four collections: what the lookups by id need.
trait Item: Deserialize<'static> {
    fn id(&self) -> &str;
}

impl Item for Skill {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Item for Role {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Item for Pathway {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Item for Resource {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A [`Skill`]'s fields up to its anchors, in its order, borrowed: postcard writes a struct's
/// fields one after another, so the start of a skill's bytes decodes as this alone. The
/// anchors map is written as its length and its pairs, as a list of pairs is.
#[derive(Deserialize)]
struct SkillPrefix<'a> {
    _id: &'a str,
    _name: &'a str,
    _kind: SkillKind,
    _category: &'a str,
    _description: &'a str,
    #[serde(borrow)]
    anchors: Vec<(u8, &'a str)>,
}

/// A resource's text, borrowed: what a plan's activity copies of it. From the embedded blob
/// it is read in place, the resource's fields up to its deliverable in [`Resource`]'s order
/// (as [`SkillPrefix`]), so a picked resource's text is copied once, not decoded and copied.
#[derive(Debug, Deserialize, PartialEq)]
pub struct ResourceText<'a> {
    pub id: &'a str,
    pub kind: ResourceKind,
    pub title: &'a str,
    #[serde(borrow)]
    pub authors: Vec<&'a str>,
    pub provider: &'a str,
    pub description: &'a str,
    #[serde(borrow)]
    pub skills: Vec<&'a str>,
    pub hours: f64,
    pub deliverable: &'a str,
}

impl Resource {
    pub fn text(&self) -> ResourceText<'_> {
        ResourceText {
            id: &self.id,
            kind: self.kind,
            title: &self.title,
            authors: self.authors.iter().map(String::as_str).collect(),
            provider: &self.provider,
            description: &self.description,
            skills: self.skills.iter().map(String::as_str).collect(),
            hours: self.hours,
            deliverable: &self.deliverable,
        }
    }
}

/// One collection: owned items, or the embedded blob's items, each decoded on first use.
#[derive(Debug, Clone)]
struct Items<T> {
    /// Owned items; empty for the embedded blob's.
    owned: Box<[T]>,
    /// The embedded blob's items, each decoded on first use. Boxed, so that the table is 16
    /// bytes an item: a table of whole items was written across every page of it (64 KB for
    /// the embedded framework) before any item was decoded.
    cells: Box<[OnceLock<Box<T>>]>,
    /// The embedded blob's id and bytes of each item; empty for owned items (all decoded).
    embedded: Box<[(&'static str, &'static [u8])]>,
    /// The [`id_table`] of the items, as little-endian `u32`s: the blob carries it, owned
    /// items build theirs on first use. Nothing to decode, no id to copy.
    id_table: OnceLock<Cow<'static, [u8]>>,
}

/// The `index`th little-endian `u32` of `words`.
fn word(words: &[u8], index: usize) -> u32 {
    let at = 4 * index;
    u32::from_le_bytes([words[at], words[at + 1], words[at + 2], words[at + 3]])
}

impl<T: Item> Items<T> {
    fn owned(items: Vec<T>) -> Items<T> {
        Items {
            owned: items.into_boxed_slice(),
            cells: Box::default(),
            embedded: Box::default(),
            id_table: OnceLock::new(),
        }
    }

    fn embedded(
        entries: Vec<(&'static str, u32, u32)>,
        body: &'static [u8],
        id_table: &'static [u8],
    ) -> Items<T> {
        Items {
            owned: Box::default(),
            cells: entries.iter().map(|_| OnceLock::new()).collect(),
            embedded: entries
                .into_iter()
                .map(|(id, start, end)| (id, &body[start as usize..end as usize]))
                .collect(),
            id_table: OnceLock::from(Cow::Borrowed(id_table)),
        }
    }

    fn is_embedded(&self) -> bool {
        !self.embedded.is_empty()
    }

    fn len(&self) -> usize {
        if self.is_embedded() {
            self.cells.len()
        } else {
            self.owned.len()
        }
    }

    fn get(&self, position: usize) -> &T {
        if !self.is_embedded() {
            return &self.owned[position];
        }
        self.cells[position].get_or_init(|| Box::new(decode_part(self.embedded[position].1)))
    }

    fn iter(&self) -> impl ExactSizeIterator<Item = &T> + DoubleEndedIterator + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The id of the item at `position`, without decoding it.
    fn id(&self, position: usize) -> &str {
        match self.embedded.get(position) {
            Some((id, _)) => id,
            None => self.get(position).id(),
        }
    }

    /// Ids in order, without decoding the items.
    fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.id(i))
    }

    fn find(&self, id: &str) -> Option<&T> {
        self.position(id).map(|i| self.get(i))
    }

    /// The position of the first item with this id (duplicates are reported by `check`).
    fn position(&self, id: &str) -> Option<usize> {
        let table = self.id_table.get_or_init(|| {
            let table = id_table(self.len(), |i| self.id(i));
            Cow::Owned(table.iter().flat_map(|p| p.to_le_bytes()).collect())
        });
        id_lookup(id, table.len() / 4, |k| word(table, k), |i| self.id(i))
    }

    fn into_vec(self) -> Vec<T> {
        if !self.is_embedded() {
            return self.owned.into_vec();
        }
        for position in 0..self.len() {
            self.get(position);
        }
        self.cells
            .into_vec()
            .into_iter()
            .map(|cell| *cell.into_inner().expect("decoded above"))
            .collect()
    }
}

/// Resource positions by skill: each skill, sorted by id, with the span of its resources'
/// positions (catalogue order) in `positions`.
#[derive(Debug, Clone)]
struct BySkill {
    skills: Vec<(Cow<'static, str>, u32, u32)>,
    positions: Vec<u32>,
}

/// A role outline's bytes in the embedded blob, and the outline once decoded. Boxed, so
/// that the table is 32 bytes a role rather than a whole role's: a command reads one or two.
type Outline = (&'static [u8], OnceLock<Box<Role>>);

/// A loaded framework with lookups by id.
///
/// Everything is decoded or built on first use: most commands read one or two collections and
/// look up a handful of ids, and decoding the whole embedded framework up front cost more than
/// the rest of `pathway roles`.
#[derive(Debug, Clone)]
pub struct Framework {
    manifest: OnceLock<Manifest>,
    /// The embedded blob's manifest bytes; empty for owned data.
    manifest_bytes: &'static [u8],
    skills: Items<Skill>,
    roles: Items<Role>,
    pathways: Items<Pathway>,
    resources: Items<Resource>,
    /// Resource positions (catalogue order) by the skill they build: each skill (sorted by
    /// id) with the span of its positions in one list of all of them.
    resources_by_skill: OnceLock<BySkill>,
    /// The embedded blob's copy of that index (empty for owned data).
    embedded_by_skill: &'static [u8],
    /// The embedded blob's role headers (empty for owned data).
    embedded_role_headers: &'static [u8],
    /// The embedded blob's part after its table of contents (empty for owned data).
    body: &'static [u8],
    /// Where the embedded blob's list of role outlines lies (empty for owned data); the list
    /// is read on first use, and each outline decoded on first use.
    embedded_role_outlines: &'static [u8],
    role_outlines: OnceLock<Box<[Outline]>>,
    /// The embedded blob's skill headers (empty for owned data), decoded on first use.
    embedded_skill_headers: &'static [u8],
    skill_headers: OnceLock<Vec<SkillHeader<&'static str>>>,
    /// The resources' headers: the blob's, decoded on first use, or taken from owned data.
    embedded_resource_headers: &'static [u8],
    resource_headers: OnceLock<Vec<ResourceHeader>>,
}

impl Framework {
    /// The framework compiled into the binary; parts are decoded when first read.
    pub fn embedded() -> anyhow::Result<Framework> {
        let unreadable = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!("the embedded framework is unreadable: {e}")
        };
        let (length, rest) = EMBEDDED_BLOB
            .split_first_chunk::<4>()
            .ok_or_else(|| unreadable(&"no table of contents"))?;
        let (toc, body) = rest
            .split_at_checked(u32::from_le_bytes(*length) as usize)
            .ok_or_else(|| unreadable(&"table of contents cut short"))?;
        let toc: Toc<&'static str> = decode(toc).map_err(|e| unreadable(&e))?;
        let within = |(start, end): (u32, u32)| start <= end && end as usize <= body.len();
        let parts = [&toc.skills, &toc.roles, &toc.pathways, &toc.resources];
        if !within(toc.manifest)
            || !within(toc.resources_by_skill)
            || !within(toc.role_headers)
            || !within(toc.role_outlines)
            || !within(toc.skill_headers)
            || !within(toc.resource_headers)
            || !parts
                .iter()
                .all(|part| part.iter().all(|&(_, start, end)| within((start, end))))
            || !parts.iter().zip(toc.id_tables).all(|(part, span)| {
                // As `id_table` builds them: every probe ends at an empty slot.
                let slots = (span.1.saturating_sub(span.0) / 4) as usize;
                within(span)
                    && span.1 - span.0 == 4 * slots as u32
                    && slots == (2 * part.len()).next_power_of_two()
            })
        {
            return Err(unreadable(&"a part lies outside the blob"));
        }
        let span = |(start, end): (u32, u32)| &body[start as usize..end as usize];
        Ok(Framework {
            manifest: OnceLock::new(),
            manifest_bytes: span(toc.manifest),
            skills: Items::embedded(toc.skills, body, span(toc.id_tables[0])),
            roles: Items::embedded(toc.roles, body, span(toc.id_tables[1])),
            pathways: Items::embedded(toc.pathways, body, span(toc.id_tables[2])),
            resources: Items::embedded(toc.resources, body, span(toc.id_tables[3])),
            resources_by_skill: OnceLock::new(),
            embedded_by_skill: span(toc.resources_by_skill),
            embedded_role_headers: span(toc.role_headers),
            body,
            embedded_role_outlines: span(toc.role_outlines),
            role_outlines: OnceLock::new(),
            embedded_skill_headers: span(toc.skill_headers),
            skill_headers: OnceLock::new(),
            embedded_resource_headers: span(toc.resource_headers),
            resource_headers: OnceLock::new(),
        })
    }

    /// The embedded framework decoded in full, as one value.
    pub fn embedded_data() -> anyhow::Result<FrameworkData> {
        Ok(Framework::embedded()?.into_data())
    }

    pub fn new(data: FrameworkData) -> Framework {
        Framework {
            manifest: OnceLock::from(data.manifest),
            manifest_bytes: &[],
            skills: Items::owned(data.skills),
            roles: Items::owned(data.roles),
            pathways: Items::owned(data.pathways),
            resources: Items::owned(data.resources),
            resources_by_skill: OnceLock::new(),
            embedded_by_skill: &[],
            embedded_role_headers: &[],
            body: &[],
            embedded_role_outlines: &[],
            role_outlines: OnceLock::new(),
            embedded_skill_headers: &[],
            skill_headers: OnceLock::new(),
            embedded_resource_headers: &[],
            resource_headers: OnceLock::new(),
        }
    }

    /// The whole framework as one value (decodes whatever is not decoded yet).
    pub fn into_data(self) -> FrameworkData {
        self.manifest();
        FrameworkData {
            manifest: self.manifest.into_inner().expect("decoded above"),
            skills: self.skills.into_vec(),
            roles: self.roles.into_vec(),
            pathways: self.pathways.into_vec(),
            resources: self.resources.into_vec(),
        }
    }

    fn resources_by_skill(&self) -> &BySkill {
        self.resources_by_skill.get_or_init(|| {
            if self.resources.is_embedded() {
                // Built with the blob: no resource needs decoding to find a skill's.
                let (skills, positions): (Vec<(&'static str, u32, u32)>, Vec<u32>) =
                    decode_part(self.embedded_by_skill);
                let skills = skills
                    .into_iter()
                    .map(|(skill, start, end)| (Cow::Borrowed(skill), start, end))
                    .collect();
                return BySkill { skills, positions };
            }
            // Hashed, then the skills sorted once: a sorted map cost a string comparison per
            // level of its tree for each of a large framework's (resource, skill) pairs.
            let mut by_skill: foldhash::HashMap<&str, Vec<u32>> = Default::default();
            for (position, resource) in self.resources.iter().enumerate() {
                for skill in &resource.skills {
                    by_skill.entry(skill).or_default().push(position as u32);
                }
            }
            let mut by_skill: Vec<(&str, Vec<u32>)> = by_skill.into_iter().collect();
            by_skill.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut index = BySkill {
                skills: Vec::with_capacity(by_skill.len()),
                positions: Vec::new(),
            };
            for (skill, positions) in by_skill {
                let start = index.positions.len() as u32;
                index.positions.extend(positions);
                let end = index.positions.len() as u32;
                index
                    .skills
                    .push((Cow::Owned(skill.to_string()), start, end));
            }
            index
        })
    }

    /// Positions (in catalogue order) of the resources that build a skill.
    pub fn resource_positions_for(&self, skill: &str) -> &[u32] {
        let index = self.resources_by_skill();
        match index
            .skills
            .binary_search_by(|(s, ..)| s.as_ref().cmp(skill))
        {
            Ok(found) => {
                let (_, start, end) = index.skills[found];
                index
                    .positions
                    .get(start as usize..end as usize)
                    .unwrap_or(&[])
            }
            Err(_) => &[],
        }
    }

    pub fn manifest(&self) -> &Manifest {
        self.manifest
            .get_or_init(|| decode_part(self.manifest_bytes))
    }

    /// Every skill, in catalogue order.
    pub fn skills(&self) -> impl ExactSizeIterator<Item = &Skill> + DoubleEndedIterator + Clone {
        self.skills.iter()
    }

    /// Every role, in catalogue order.
    pub fn roles(&self) -> impl ExactSizeIterator<Item = &Role> + DoubleEndedIterator + Clone {
        self.roles.iter()
    }

    /// Every pathway, in catalogue order.
    pub fn pathways(
        &self,
    ) -> impl ExactSizeIterator<Item = &Pathway> + DoubleEndedIterator + Clone {
        self.pathways.iter()
    }

    /// Every resource, in catalogue order.
    pub fn resources(
        &self,
    ) -> impl ExactSizeIterator<Item = &Resource> + DoubleEndedIterator + Clone {
        self.resources.iter()
    }

    /// Every role's header, in catalogue order, without decoding the roles.
    pub fn role_headers(&self) -> Vec<RoleHeader<&str>> {
        if !self.roles.is_embedded() {
            self.roles.iter().map(Role::header).collect()
        } else {
            decode_part(self.embedded_role_headers)
        }
    }

    /// Every skill's header, in catalogue order, without decoding the skills.
    pub fn skill_headers(&self) -> Vec<SkillHeader<&str>> {
        if !self.skills.is_embedded() {
            self.skills.iter().map(Skill::header).collect()
        } else {
            self.embedded_skill_headers().to_vec()
        }
    }

    /// A skill's header by id (the skill `skill` finds), without decoding the skill.
    pub fn skill_header(&self, id: &str) -> Option<SkillHeader<&str>> {
        if !self.skills.is_embedded() {
            return self.skill(id).map(Skill::header);
        }
        let position = self.skills.position(id)?;
        Some(self.embedded_skill_headers()[position].clone())
    }

    fn embedded_skill_headers(&self) -> &[SkillHeader<&'static str>] {
        self.skill_headers
            .get_or_init(|| decode_part(self.embedded_skill_headers))
    }

    /// Role ids in catalogue order, without decoding the roles.
    pub fn role_ids(&self) -> impl Iterator<Item = &str> {
        self.roles.ids()
    }

    /// Skill ids in catalogue order, without decoding the skills.
    pub fn skill_ids(&self) -> impl Iterator<Item = &str> {
        self.skills.ids()
    }

    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skills.find(id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.find(id)
    }

    pub fn pathway(&self, id: &str) -> Option<&Pathway> {
        self.pathways.find(id)
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.find(id)
    }

    /// A role's [`Role::outline`] by id, without decoding the role's prose. Owned data gives
    /// the whole role, which holds everything the outline does.
    pub fn role_outline(&self, id: &str) -> Option<&Role> {
        let position = self.roles.position(id)?;
        if !self.roles.is_embedded() {
            return Some(self.roles.get(position));
        }
        let outlines = self.role_outlines.get_or_init(|| {
            let spans: Vec<(u32, u32)> = decode_part(self.embedded_role_outlines);
            let span = |(start, end): (u32, u32)| {
                let bytes = self.body.get(start as usize..end as usize);
                bytes.expect("the embedded role outlines lie in the blob")
            };
            spans
                .into_iter()
                .map(|s| (span(s), OnceLock::new()))
                .collect()
        });
        let (bytes, outline) = &outlines[position];
        Some(outline.get_or_init(|| Box::new(decode_part(bytes))))
    }

    /// A role by id, or an `Invalid` error with a "did you mean" and the way to list them.
    pub fn require_role(&self, id: &str) -> Result<&Role, Invalid> {
        self.role(id)
            .ok_or_else(|| unknown_id("role", id, self.roles.ids(), "pathway roles"))
    }

    /// `require_role`, for the role's outline only.
    pub fn require_role_outline(&self, id: &str) -> Result<&Role, Invalid> {
        self.role_outline(id)
            .ok_or_else(|| unknown_id("role", id, self.roles.ids(), "pathway roles"))
    }

    /// An assessable role (one with expectations), or an error naming the assessable ones.
    pub fn require_assessable_role(&self, id: &str) -> Result<&Role, Invalid> {
        assessable(id, self.require_role(id)?)
    }

    /// `require_assessable_role`, for the role's outline only.
    pub fn require_assessable_role_outline(&self, id: &str) -> Result<&Role, Invalid> {
        assessable(id, self.require_role_outline(id)?)
    }

    pub fn require_skill(&self, id: &str) -> Result<&Skill, Invalid> {
        self.skill(id)
            .ok_or_else(|| unknown_id("skill", id, self.skills.ids(), "pathway skills"))
    }

    pub fn require_pathway(&self, id: &str) -> Result<&Pathway, Invalid> {
        self.pathway(id)
            .ok_or_else(|| unknown_id("pathway", id, self.pathways.ids(), "pathway pathways"))
    }

    /// Expected level for one expectation of a role: its own `level`, else the rank rule.
    pub fn expected_level(&self, role: &Role, expectation: &Expectation) -> u8 {
        expectation
            .level
            .unwrap_or_else(|| self.rule_level(role.rank, expectation.importance))
    }

    /// The rank × importance rule of the manifest: the last rule whose rank is at or below.
    pub fn rule_level(&self, rank: u8, importance: Importance) -> u8 {
        let rules = &self.manifest().expected_levels;
        let rule = rules
            .iter()
            .filter(|rule| rule.rank <= rank)
            .max_by_key(|rule| rule.rank)
            .or_else(|| rules.iter().min_by_key(|rule| rule.rank));
        match rule {
            Some(rule) => match importance {
                Importance::Critical => rule.critical,
                Importance::Important => rule.important,
                Importance::Optional => rule.optional,
            },
            None => 0,
        }
    }

    pub fn weight(&self, importance: Importance) -> f64 {
        let weights = self.manifest().importance_weights;
        match importance {
            Importance::Critical => weights.critical,
            Importance::Important => weights.important,
            Importance::Optional => weights.optional,
        }
    }

    /// Hours to move one level up to `to_level` on a skill of this importance.
    pub fn step_hours(&self, skill: &Skill, importance: Importance, to_level: u8) -> f64 {
        self.level_step_hours(skill.hours_per_level, importance, to_level)
    }

    /// `step_hours` for a skill's own `hours_per_level` (None: the importance decides), so a
    /// skill's header is enough.
    pub fn level_step_hours(
        &self,
        hours_per_level: Option<f64>,
        importance: Importance,
        to_level: u8,
    ) -> f64 {
        let effort = &self.manifest().effort;
        let base = hours_per_level.unwrap_or(match importance {
            Importance::Critical => effort.hours_per_level.critical,
            Importance::Important => effort.hours_per_level.important,
            Importance::Optional => effort.hours_per_level.optional,
        });
        base * (1.0 + f64::from(to_level.saturating_sub(1)) * effort.step_growth)
    }

    /// The curated pathway between two roles, if there is one.
    pub fn pathway_between(&self, from: &str, to: &str) -> Option<&Pathway> {
        self.pathways.iter().find(|p| p.from == from && p.to == to)
    }

    /// Resources that build a skill, in catalogue order.
    pub fn resources_for(&self, skill: &str) -> impl Iterator<Item = &Resource> {
        self.resource_positions_for(skill)
            .iter()
            .map(|&i| self.resources.get(i as usize))
    }

    /// How many resources build a skill, without decoding them.
    pub fn resource_count_for(&self, skill: &str) -> usize {
        self.resource_positions_for(skill).len()
    }

    /// The text of the resource at a position, without decoding it (see [`ResourceText`]).
    pub fn resource_text(&self, position: usize) -> ResourceText<'_> {
        match (
            self.resources.cells.get(position).and_then(OnceLock::get),
            self.resources.embedded.get(position),
        ) {
            (None, Some(&(_, bytes))) => decode_part(bytes),
            _ => self.resources.get(position).text(),
        }
    }

    /// The position of the resource `resource` finds, without decoding any.
    pub fn resource_position(&self, id: &str) -> Option<usize> {
        self.resources.position(id)
    }

    /// The header of the resource at a position, without decoding the resource.
    pub fn resource_header(&self, position: usize) -> ResourceHeader {
        self.resource_headers.get_or_init(|| {
            if !self.resources.is_embedded() {
                self.resources.iter().map(Resource::header).collect()
            } else {
                decode_part(self.embedded_resource_headers)
            }
        })[position]
    }

    /// How many resources the catalogue holds.
    pub fn resource_count(&self) -> usize {
        self.resources.len()
    }

    /// What a person at `level` does on a skill (its anchor), as `skill` would give it: from
    /// the embedded blob, only the skill's fields up to its anchors are read, borrowed.
    pub fn anchor(&self, id: &str, level: u8) -> Option<&str> {
        let position = self.skills.position(id)?;
        match (
            self.skills.cells.get(position).and_then(OnceLock::get),
            self.skills.embedded.get(position),
        ) {
            (None, Some(&(_, bytes))) => {
                let prefix: SkillPrefix = decode_part(bytes);
                let anchor = prefix.anchors.iter().find(|&&(l, _)| l == level);
                anchor.map(|&(_, text)| text)
            }
            _ => self
                .skills
                .get(position)
                .anchors
                .get(&level)
                .map(String::as_str),
        }
    }

    /// Whether a skill with this id exists, without decoding it.
    pub fn has_skill(&self, id: &str) -> bool {
        self.skills.position(id).is_some()
    }

    /// Roles that expect a skill, with the expectation, ordered by rank then title.
    pub fn roles_expecting(&self, skill: &str) -> Vec<(&Role, &Expectation)> {
        let mut found: Vec<_> = self
            .roles
            .iter()
            .filter_map(|role| {
                role.expectations
                    .iter()
                    .find(|e| e.skill == skill)
                    .map(|e| (role, e))
            })
            .collect();
        found.sort_by(|a, b| (a.0.rank, &a.0.title).cmp(&(b.0.rank, &b.0.title)));
        found
    }

    /// Roles that lead into this one: its own feeders plus every role that names it as next.
    pub fn leads_from(&self, role: &Role) -> Vec<RoleHeader<&str>> {
        let headers = self.role_headers();
        let mut ids: Vec<&str> = role.career.feeders.iter().map(String::as_str).collect();
        for other in &headers {
            if other.next.iter().any(|n| *n == role.id) && !ids.contains(&other.id) {
                ids.push(other.id);
            }
        }
        // The first role with an id, as `role` finds it.
        ids.iter()
            .filter_map(|id| headers.iter().find(|h| h.id == *id).cloned())
            .collect()
    }

    /// The readiness band for a readiness (0–100) and whether any critical gap is open.
    pub fn band(&self, readiness: f64, critical_gaps: bool) -> Option<&ReadinessBand> {
        self.manifest().readiness_bands.iter().find(|band| {
            readiness + 1e-9 >= band.min_readiness
                && !(band.requires_no_critical_gaps && critical_gaps)
        })
    }
}

/// The role if it can be assessed against (it has expectations), else an error saying so.
fn assessable<'a>(id: &str, role: &'a Role) -> Result<&'a Role, Invalid> {
    if role.assessable && !role.expectations.is_empty() {
        Ok(role)
    } else {
        Err(Invalid::new(format!(
            "role '{id}' ({}) is a node in the career graph, not a role with skill expectations",
            role.title
        ))
        .hint("`pathway roles` marks the roles you can assess against"))
    }
}

/// "unknown role 'x'", with the closest known id and how to list them all.
pub fn unknown_id<'a>(
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'a str>,
    list_command: &str,
) -> Invalid {
    let error = Invalid::new(format!("unknown {kind} '{id}'"));
    match did_you_mean(id, known) {
        Some(best) => error.hint(format!(
            "did you mean '{best}'? (`{list_command}` lists them all)"
        )),
        None => error.hint(format!("`{list_command}` lists them all")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lookups_match_the_decoded_framework() {
        let lazy = Framework::embedded().unwrap();
        let owned = Framework::new(Framework::embedded_data().unwrap());
        assert!(lazy.role_ids().eq(owned.roles().map(|r| r.id.as_str())));
        assert!(lazy.skill_ids().eq(owned.skills().map(|s| s.id.as_str())));
        for skill in owned.skills() {
            // The index written by build.rs against the one built from the resources.
            let ids = |f: &Framework| -> Vec<String> {
                f.resources_for(&skill.id).map(|r| r.id.clone()).collect()
            };
            assert_eq!(ids(&lazy), ids(&owned), "{}", skill.id);
            assert_eq!(lazy.resource_count_for(&skill.id), ids(&owned).len());
            assert_eq!(lazy.skill(&skill.id), Some(skill));
        }
        assert!(lazy.resources_for("no-such-skill").next().is_none());
        for role in owned.roles() {
            assert_eq!(lazy.role_outline(&role.id), Some(&role.outline()));
            assert_eq!(owned.role_outline(&role.id), Some(role));
            assert_eq!(lazy.role(&role.id), Some(role));
            assert_eq!(lazy.leads_from(role), owned.leads_from(role));
        }
        assert_eq!(lazy.role_headers(), owned.role_headers());
        assert_eq!(lazy.skill_headers(), owned.skill_headers());
        for skill in owned.skills() {
            assert_eq!(lazy.skill_header(&skill.id), Some(skill.header()));
        }
        assert_eq!(lazy.skill_header("no-such-skill"), None);
        for pathway in owned.pathways() {
            assert_eq!(lazy.pathway(&pathway.id), Some(pathway));
        }
        // A fresh framework: no skill decoded, so the anchors come from the skills' prefixes.
        let fresh = Framework::embedded().unwrap();
        for skill in owned.skills() {
            for level in 0..=6 {
                let anchor = skill.anchors.get(&level).map(String::as_str);
                assert_eq!(
                    fresh.anchor(&skill.id, level),
                    anchor,
                    "{} {level}",
                    skill.id
                );
                assert_eq!(lazy.anchor(&skill.id, level), anchor);
                assert_eq!(owned.anchor(&skill.id, level), anchor);
            }
        }
        assert_eq!(lazy.anchor("no-such-skill", 1), None);
        for (position, resource) in owned.resources().enumerate() {
            assert_eq!(fresh.resource_text(position), resource.text());
            assert_eq!(lazy.resource_text(position), resource.text());
        }
        for (position, resource) in owned.resources().enumerate() {
            assert_eq!(lazy.resource(&resource.id), Some(resource));
            assert_eq!(lazy.resource_position(&resource.id), Some(position));
            assert_eq!(lazy.resource_header(position), resource.header());
        }
        assert_eq!(lazy.resource_count(), owned.resource_count());
        for id in ["", "a", "no-such-skill", "zzz"] {
            assert!(!lazy.has_skill(id) && lazy.role(id).is_none());
            assert!(lazy.pathway(id).is_none() && lazy.resource_position(id).is_none());
        }
        assert_eq!(lazy.manifest(), owned.manifest());
    }

    use proptest::prelude::*;

    #[derive(Debug)]
    struct Named(String);

    impl<'de> Deserialize<'de> for Named {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Named, D::Error> {
            String::deserialize(d).map(Named)
        }
    }

    impl Item for Named {
        fn id(&self) -> &str {
            &self.0
        }
    }

    proptest! {
        /// The id table finds what a scan for the first item with the id finds, duplicates
        /// and probes past other ids included (many short ids share a slot).
        #[test]
        fn a_lookup_by_id_finds_the_first_item_with_it(
            ids in prop::collection::vec("[a-d]{0,3}", 0..40),
            probe in "[a-d]{0,3}",
        ) {
            let items = Items::owned(ids.iter().cloned().map(Named).collect());
            for id in ids.iter().chain([&probe]) {
                prop_assert_eq!(items.position(id), ids.iter().position(|i| i == id));
            }
        }
    }
}
