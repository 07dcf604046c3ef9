//! The third pass of checking: do the conditions make sense?
//!
//! Conditions must only name earlier items, so that one forward pass decides
//! visibility. This pass reports names that do not exist, names that come
//! later, loops (a distinct, harder-to-see mistake), and tests that can never
//! be met because the named item has no such answer.
//!
//! Loops are found on a small graph: each item depends on its own condition's
//! items and on its page's condition, and each page condition depends on the
//! items it names. A reference that does not point backwards is a loop when
//! the named item leads back to where the reference was made.

use std::collections::{BTreeMap, VecDeque};

use super::partial::PartialDefinition;
use super::rules::Sink;
use super::shape::quoted_list;
use super::suggest::closest;
use super::ProblemKind;
use crate::number::{format_number, parse_decimal, parse_integer};
use crate::{Condition, Item, ItemKind, Test};

/// A node of the dependency graph: a page's condition, or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Page(usize),
    Item(usize, usize),
}

impl Node {
    /// Order in the survey: a page's condition comes before its items.
    fn position(self) -> (usize, usize) {
        match self {
            Node::Page(p) => (p, 0),
            Node::Item(p, i) => (p, i + 1),
        }
    }
}

struct Graph<'a> {
    partial: &'a PartialDefinition,
    ids: BTreeMap<&'a str, (usize, usize)>,
    edges: BTreeMap<Node, Vec<Node>>,
}

impl<'a> Graph<'a> {
    fn new(partial: &'a PartialDefinition) -> Self {
        let mut ids = BTreeMap::new();
        for (p, page) in partial.pages.iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                if let Some(id) = item.id.as_deref() {
                    ids.entry(id).or_insert((p, i));
                }
            }
        }
        let mut graph = Graph { partial, ids, edges: BTreeMap::new() };
        for (p, page) in partial.pages.iter().enumerate() {
            let page_targets =
                page.page.as_ref().and_then(|pg| pg.show_if.as_ref()).map(|c| graph.targets(c)).unwrap_or_default();
            graph.edges.insert(Node::Page(p), page_targets);
            for (i, item) in page.items.iter().enumerate() {
                let mut targets = vec![Node::Page(p)];
                if let Some(c) = item.item.as_ref().and_then(|it| it.show_if.as_ref()) {
                    targets.extend(graph.targets(c));
                }
                graph.edges.insert(Node::Item(p, i), targets);
            }
        }
        graph
    }

    fn targets(&self, condition: &Condition) -> Vec<Node> {
        condition
            .referenced_items()
            .into_iter()
            .filter_map(|id| self.ids.get(id).map(|(p, i)| Node::Item(*p, *i)))
            .collect()
    }

    /// The shortest chain of dependencies from `from` to `to`, both included.
    fn path(&self, from: Node, to: Node) -> Option<Vec<Node>> {
        let mut parents: BTreeMap<Node, Node> = BTreeMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(node) = queue.pop_front() {
            if node == to {
                let mut chain = vec![to];
                let mut at = to;
                while at != from {
                    at = *parents.get(&at)?;
                    chain.push(at);
                }
                chain.reverse();
                return Some(chain);
            }
            for next in self.edges.get(&node).into_iter().flatten() {
                if *next != from && !parents.contains_key(next) {
                    parents.insert(*next, node);
                    queue.push_back(*next);
                }
            }
        }
        None
    }

    fn name(&self, node: Node) -> String {
        match node {
            Node::Page(p) => match self.partial.pages.get(p).and_then(|pg| pg.id.as_deref()) {
                Some(id) => say!("page `{id}`"),
                None => say!("page {}", p + 1),
            },
            Node::Item(p, i) => {
                let id = self.partial.pages.get(p).and_then(|pg| pg.items.get(i)).and_then(|it| it.id.as_deref());
                say!("`{}`", id.unwrap_or("?"))
            }
        }
    }

    fn item(&self, (p, i): (usize, usize)) -> Option<&'a Item> {
        self.partial.pages.get(p)?.items.get(i)?.item.as_ref()
    }
}

/// Who a condition belongs to.
struct Source<'a> {
    node: Node,
    /// "Question `q7`" or "Page `p2`".
    subject: String,
    item_id: Option<&'a str>,
}

pub(crate) fn check_conditions(partial: &PartialDefinition, sink: &mut Sink) {
    let graph = Graph::new(partial);
    for (p, page) in partial.pages.iter().enumerate() {
        if let Some(condition) = page.page.as_ref().and_then(|pg| pg.show_if.as_ref()) {
            let subject = match page.id.as_deref() {
                Some(id) => say!("Page `{id}`"),
                None => say!("Page {}", p + 1),
            };
            let source = Source { node: Node::Page(p), subject, item_id: None };
            walk(&graph, &source, condition, &format!("/pages/{p}/show_if"), sink);
        }
        for (i, item) in page.items.iter().enumerate() {
            if let Some(it) = &item.item {
                if let Some(condition) = &it.show_if {
                    let source =
                        Source { node: Node::Item(p, i), subject: say!("Question `{}`", it.id), item_id: Some(&it.id) };
                    walk(&graph, &source, condition, &format!("/pages/{p}/items/{i}/show_if"), sink);
                }
            }
        }
    }
}

fn walk(graph: &Graph<'_>, source: &Source<'_>, condition: &Condition, path: &str, sink: &mut Sink) {
    match condition {
        Condition::All { all: list } | Condition::Any { any: list } => {
            let name = if matches!(condition, Condition::All { .. }) { "all" } else { "any" };
            if list.is_empty() {
                sink.push(
                    format!("{path}/{name}"),
                    source.item_id,
                    ProblemKind::EmptyConditionList,
                    say!(
                        "{} has a condition with an empty `{name}` list. Add conditions to the list, or remove it.",
                        source.subject
                    ),
                );
            }
            for (k, child) in list.iter().enumerate() {
                walk(graph, source, child, &format!("{path}/{name}/{k}"), sink);
            }
        }
        Condition::Test { item, test } => check_test(graph, source, item, test, path, sink),
    }
}

fn describe_test(target: &str, test: &Test) -> String {
    match test {
        Test::Answered(true) => say!("`{target}` is answered"),
        Test::Answered(false) => say!("`{target}` is not answered"),
        Test::Equals(code) => say!("`{target}` is `{code}`"),
        Test::NotEquals(code) => say!("`{target}` is not `{code}`"),
        Test::OneOf(codes) => {
            let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
            say!("`{target}` is one of {}", quoted_list(&codes))
        }
        Test::GreaterThan(n) => say!("`{target}` is more than {}", format_number(*n)),
        Test::AtLeast(n) => say!("`{target}` is {} or more", format_number(*n)),
        Test::LessThan(n) => say!("`{target}` is less than {}", format_number(*n)),
        Test::AtMost(n) => say!("`{target}` is {} or less", format_number(*n)),
    }
}

fn check_test(graph: &Graph<'_>, source: &Source<'_>, target: &str, test: &Test, path: &str, sink: &mut Sink) {
    let lead = say!("{} shows only when {}, but", source.subject, describe_test(target, test));
    let item_path = format!("{path}/item");
    let Some(&position) = graph.ids.get(target) else {
        let known: Vec<&str> = graph.ids.keys().copied().collect();
        let hint = match closest(target, &known) {
            Some(s) => say!("Did you mean `{s}`?"),
            None => "Check the id, or remove the condition.".to_owned(),
        };
        sink.push(
            item_path,
            source.item_id,
            ProblemKind::UnknownConditionItem,
            say!("{lead} there is no question with the id `{target}`. {hint}"),
        );
        return;
    };
    let target_node = Node::Item(position.0, position.1);
    if target_node.position() >= source.node.position() {
        report_order(graph, source, target, target_node, &lead, item_path, sink);
    }
    if let Some(target_item) = graph.item(position) {
        check_value(source, target_item, test, &lead, path, sink);
    }
}

fn report_order(
    graph: &Graph<'_>,
    source: &Source<'_>,
    target: &str,
    target_node: Node,
    lead: &str,
    path: String,
    sink: &mut Sink,
) {
    let subject = &source.subject;
    let Some(chain) = graph
        .path(target_node, source.node)
        .filter(|_| target_node != source.node)
        .or_else(|| (target_node == source.node).then(|| vec![source.node]))
    else {
        let message = match source.node {
            Node::Page(_) => say!(
                "{lead} `{target}` is on a later page. Move {} after the page with `{target}`, or change its condition.",
                lowercase_first(subject)
            ),
            Node::Item(..) => say!(
                "{lead} `{target}` comes after it. Move `{}` after `{target}`, or change its condition.",
                source.item_id.unwrap_or("?")
            ),
        };
        sink.push(path, source.item_id, ProblemKind::ConditionOnLaterItem, message);
        return;
    };
    let message = match (source.node, target_node) {
        (a, b) if a == b => say!(
            "{subject}'s condition depends on `{target}` itself, so it can never be worked out. Base it on an earlier question."
        ),
        (Node::Page(p), Node::Item(tp, _)) if p == tp => say!(
            "{lead} `{target}` is on that page, so the page can never be worked out. Base the condition on a question from an earlier page, or move `{target}` to an earlier page."
        ),
        _ => {
            let mut names: Vec<String> = vec![graph.name(source.node)];
            names.extend(chain.iter().map(|n| graph.name(*n)));
            say!(
                "{lead} `{target}` in turn depends on {} ({}), so none of them can be worked out. Change one of these conditions so it only looks at earlier questions.",
                lowercase_first(subject),
                names.join(" → ")
            )
        }
    };
    sink.push(path, source.item_id, ProblemKind::ConditionCycle, message);
}

fn lowercase_first(s: &str) -> String {
    let mut out = s.to_owned();
    if let Some(first) = out.get(..1) {
        let lower = first.to_ascii_lowercase();
        out.replace_range(..1, &lower);
    }
    out
}

fn check_value(source: &Source<'_>, target: &Item, test: &Test, lead: &str, path: &str, sink: &mut Sink) {
    let id = &target.id;
    let test_path = format!("{path}/{}", test.name());
    let mut push = |kind: ProblemKind, path: String, message: String| sink.push(path, source.item_id, kind, message);
    if matches!(target.kind, ItemKind::Display) {
        push(
            ProblemKind::ConditionOnDisplay,
            format!("{path}/item"),
            say!("{lead} `{id}` is a display item, which is never answered. Base the condition on a question instead."),
        );
        return;
    }
    let codes: Vec<(String, &str)> = match test {
        Test::Equals(c) | Test::NotEquals(c) => vec![(test_path.clone(), c.as_str())],
        Test::OneOf(list) => list.iter().enumerate().map(|(k, c)| (format!("{test_path}/{k}"), c.as_str())).collect(),
        _ => Vec::new(),
    };
    for (code_path, code) in codes {
        match &target.kind {
            ItemKind::Scale { min, max, .. } => match parse_integer(code) {
                Some(n) if (*min..=*max).contains(&n) => {}
                Some(n) => push(
                    ProblemKind::ConditionOutOfRange,
                    code_path,
                    say!("{lead} `{id}` is a scale from {min} to {max}, so it can never be {n}. Use a number from {min} to {max}."),
                ),
                None => push(
                    ProblemKind::ConditionUnknownCode,
                    code_path,
                    say!("{lead} `{id}` is a scale, whose answers are the numbers {min} to {max}. Use one of them in quotes, like \"{max}\"."),
                ),
            },
            ItemKind::Integer { .. } | ItemKind::Decimal { .. } if parse_decimal(code).is_none() => push(
                ProblemKind::ConditionUnknownCode,
                code_path,
                say!("{lead} `{id}` takes a number, so it can never be `{code}`. Use a number in quotes, like \"5\"."),
            ),
            ItemKind::SingleChoice { .. } | ItemKind::MultipleChoice { .. } | ItemKind::YesNo | ItemKind::Likert { .. } => {
                let mut known: Vec<String> = target.options().into_iter().map(|o| o.code).collect();
                known.extend(target.other().map(|o| o.code.clone()));
                if !known.iter().any(|k| k == code) {
                    let known: Vec<&str> = known.iter().map(String::as_str).collect();
                    push(
                        ProblemKind::ConditionUnknownCode,
                        code_path,
                        say!("{lead} `{id}` has no answer with code `{code}`. Its codes are: {}.", quoted_list(&known)),
                    );
                }
            }
            _ => {}
        }
    }
    let Some(threshold) = test.threshold() else {
        return;
    };
    match &target.kind {
        ItemKind::Scale { min, max, .. } => {
            if threshold < *min as f64 || threshold > *max as f64 {
                push(
                    ProblemKind::ConditionOutOfRange,
                    test_path,
                    say!("{lead} `{id}` is a scale from {min} to {max}. Use a number from {min} to {max}."),
                );
            }
        }
        ItemKind::Integer { .. } | ItemKind::Decimal { .. } => {}
        ItemKind::SingleChoice { .. } | ItemKind::MultipleChoice { .. } | ItemKind::Likert { .. } => {
            if target.options().iter().all(|o| o.value.is_none()) {
                push(
                    ProblemKind::ConditionNotNumeric,
                    test_path,
                    say!("{lead} the answers of `{id}` have no numbers. Give its answers a `value`, or use `equals` or `one_of` instead."),
                );
            }
        }
        other => push(
            ProblemKind::ConditionNotNumeric,
            test_path,
            say!(
                "{lead} `{id}` is a `{}` question, which has no numbers. Use `equals`, `one_of` or `answered` instead.",
                other.type_name()
            ),
        ),
    }
}
