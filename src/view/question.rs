//! One question, rendered for its kind with the GOV.UK patterns: a
//! fieldset and legend around every group of inputs, a label for every
//! input, hint and error text tied to inputs by `aria-describedby`, and
//! "(optional)" on questions that may be skipped.

use heard_engine::{Answer, DatePart, Field, Item, ItemKind, TextRoom};
use leptos::either::Either;
use leptos::prelude::*;

use super::fields::{
    count_id, described_by, error_id, group_name, hint_id, input_id, option_hint_id, option_id, optional_id, part_id,
};
use crate::i18n::Msg;
use crate::state::WidgetState;

/// What every kind of question needs: its words, its answer and its error.
#[derive(Clone)]
struct Parts {
    state: WidgetState,
    id: String,
    text: String,
    hint: Option<String>,
    optional: bool,
    answer: Memo<Option<Answer>>,
    error: Memo<Option<(Option<Field>, String)>>,
}

impl Parts {
    fn new(state: WidgetState, item: &Item) -> Self {
        let id = item.id.clone();
        let answer = Memo::new({
            let id = id.clone();
            move |_| state.answer(&id)
        });
        // GOV.UK shows one message per question: the first problem found.
        let error = Memo::new({
            let id = id.clone();
            move |_| {
                state.with_problems(|issues, _| {
                    issues.iter().find(|i| i.item_id == id).map(|i| (i.field, i.message.clone()))
                })
            }
        });
        Parts {
            state,
            text: state.text(&item.text),
            hint: item.hint.as_ref().map(|h| state.text(h)),
            optional: !item.required && item.is_answerable(),
            id,
            answer,
            error,
        }
    }

    /// The question text and "(optional)", for a legend or label.
    ///
    /// "(optional)" is shown, and read as part of the description rather
    /// than the name, so that a group or box is named by its question alone:
    /// screen readers then list questions by their words, and speech users
    /// and tests can find them by those words.
    fn title(&self) -> impl IntoView {
        let optional = self.optional.then(|| {
            view! {
                <span class="heard-optional" id=optional_id(&self.id) aria-hidden="true">
                    {format!(" {}", self.state.t(Msg::Optional))}
                </span>
            }
        });
        view! { {self.text.clone()}{optional} }
    }

    /// The hint and the error message, in GOV.UK order.
    fn hint_and_error(&self, extra_hint: Option<String>) -> impl IntoView {
        let hint = match (&self.hint, extra_hint) {
            (Some(h), Some(x)) => Some(format!("{h}\n{x}")),
            (Some(h), None) => Some(h.clone()),
            (None, x) => x,
        };
        let (hint_id, error_id) = (hint_id(&self.id), error_id(&self.id));
        let error = self.error;
        let prefix = self.state.t(Msg::ErrorPrefix);
        let error = move || {
            error.get().map(|(_, message)| {
                view! {
                    <p class="heard-error-message" id=error_id.clone()>
                        <span class="heard-visually-hidden">{format!("{prefix} ")}</span>{message}
                    </p>
                }
            })
        };
        // `Either` of whole views rather than an optional hint: an empty
        // child leaves a placeholder comment in the DOM, and a hint never
        // changes, so it needs none.
        match hint {
            Some(h) => Either::Left(view! { <div class="heard-hint heard-preline" id=hint_id>{h}</div> {error} }),
            None => Either::Right(error),
        }
    }

    /// The `aria-describedby` of the question's inputs.
    fn described_by(&self, has_hint: bool) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let optional = self.optional.then(|| optional_id(&self.id));
        let (hint, error_id, error) = (has_hint.then(|| hint_id(&self.id)), error_id(&self.id), self.error);
        move || described_by(&[optional.clone(), hint.clone(), error.get().map(|_| error_id.clone())])
    }

    /// The class of the question's outermost element: a form group, red-edged
    /// while it has an error. Grouped inputs use the fieldset itself, which
    /// saves a wrapper element per question.
    fn group_class(&self, fieldset: bool) -> impl Fn() -> &'static str + Send + Sync + 'static {
        let error = self.error;
        move || match (fieldset, error.with(Option::is_some)) {
            (true, true) => "heard-form-group heard-fieldset heard-form-group--error",
            (true, false) => "heard-form-group heard-fieldset",
            (false, true) => "heard-form-group heard-form-group--error",
            (false, false) => "heard-form-group",
        }
    }

    fn has_code(&self, code: &str) -> impl Fn() -> bool + Send + Sync + 'static {
        let (answer, code) = (self.answer, code.to_owned());
        move || answer.with(|a| a.as_ref().is_some_and(|a| a.has_code(&code)))
    }
}

/// One question of any kind.
#[component]
pub(super) fn Question(
    /// The item to render.
    item: Item,
) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let parts = Parts::new(state, &item);
    match &item.kind {
        ItemKind::Display => {
            view! { <p class="heard-display-text heard-preline" data-item=item.id.clone()>{parts.text}</p> }.into_any()
        }
        ItemKind::MultipleChoice { .. } => choices(parts, &item, true).into_any(),
        ItemKind::SingleChoice { .. } | ItemKind::YesNo | ItemKind::Likert { .. } => {
            choices(parts, &item, false).into_any()
        }
        ItemKind::Scale { min, max, min_label, max_label } => {
            let ends = (min_label.as_ref().map(|t| state.text(t)), max_label.as_ref().map(|t| state.text(t)));
            scale(parts, *min, *max, ends).into_any()
        }
        ItemKind::ShortText { .. } | ItemKind::Integer { .. } | ItemKind::Decimal { .. } => {
            let inputmode = match item.kind {
                ItemKind::Integer { .. } => Some("numeric"),
                ItemKind::Decimal { .. } => Some("decimal"),
                _ => None,
            };
            text_input(parts, &item, inputmode).into_any()
        }
        ItemKind::LongText { .. } => text_input(parts, &item, None).into_any(),
        ItemKind::Date => date(parts).into_any(),
    }
}

/// Radios or checkboxes in a fieldset, with an optional "something else".
fn choices(parts: Parts, item: &Item, multiple: bool) -> impl IntoView {
    let state = parts.state;
    let kind = if multiple { "checkbox" } else { "radio" };
    let options = item.options();
    let other =
        item.other().map(|o| (o.code.clone(), state.text(&o.label), o.detail_label.as_ref().map(|t| state.text(t))));
    let option_views = options
        .iter()
        .enumerate()
        .map(|(index, option)| {
            let hint = option.hint.as_ref().map(|h| state.text(h));
            let choice = choice(&parts, kind, multiple, index, option.code.clone(), state.text(&option.label), hint);
            if multiple && option.is_exclusive() && index > 0 {
                Either::Left(view! { <div class="heard-choices-divider">{state.t(Msg::Or)}</div> {choice} })
            } else {
                Either::Right(choice)
            }
        })
        .collect_view();
    let other_view = other.map(|(code, label, detail_label)| {
        let index = options.len();
        let selected = parts.has_code(&code);
        let detail_id = part_id(&parts.id, Field::OtherDetail);
        let id = parts.id.clone();
        let answer = parts.answer;
        let error = parts.error;
        let detail_label = detail_label.unwrap_or_else(|| state.t(Msg::GiveDetails).to_owned());
        view! {
            {choice(&parts, kind, multiple, index, code.clone(), label, None)}
            <Show when=selected>
                <div class="heard-conditional">
                    <label class="heard-label" for=detail_id.clone()>{detail_label.clone()}</label>
                    <input class="heard-input" type="text" id=detail_id.clone() name=detail_id.clone() autocomplete="off"
                        class:heard-input--error=move || error.with(|e| matches!(e, Some((Some(Field::OtherDetail), _))))
                        prop:value=move || answer.with(|a| a.as_ref().and_then(|a| a.other_detail()).unwrap_or_default().to_owned())
                        on:input={
                            let id = id.clone();
                            move |ev| { let value = event_target_value(&ev); state.change(|_, a| a.set_other_detail(&id, &value)); }
                        } />
                </div>
            </Show>
        }
    });
    let has_hint = parts.hint.is_some();
    view! {
        <fieldset class=parts.group_class(true) data-item=parts.id.clone() aria-describedby=parts.described_by(has_hint)>
            <legend class="heard-legend">{parts.title()}</legend>
            {parts.hint_and_error(None)}
            <div class="heard-choices">
                {match other_view {
                    Some(other) => Either::Left((option_views, other)),
                    None => Either::Right(option_views),
                }}
            </div>
        </fieldset>
    }
}

/// One radio or checkbox and its label.
fn choice(
    parts: &Parts,
    kind: &'static str,
    multiple: bool,
    index: usize,
    code: String,
    label: String,
    hint: Option<String>,
) -> impl IntoView {
    let state = parts.state;
    let id = parts.id.clone();
    let (input_id, name) = (option_id(&parts.id, index), group_name(&parts.id));
    let option_hint = hint.map(|h| (option_hint_id(&parts.id, index), h));
    let checked = parts.has_code(&code);
    let described_by = option_hint.as_ref().map(|(hint_id, _)| hint_id.clone());
    // The label wraps its input: one element fewer per option, and the
    // whole row is the touch target.
    let label = view! {
        <label class="heard-choice">
            <input type=kind id=input_id name=name value=code.clone()
                aria-describedby=described_by
                prop:checked=checked
                on:change=move |_| state.change(|survey, answers| {
                    if multiple { answers.toggle_choice(survey, &id, &code) } else { answers.set_choice(&id, &code) }
                }) />
            {label}
        </label>
    };
    // `Either` of whole views rather than an optional child: an empty child
    // leaves a placeholder comment in the DOM, one per option.
    match option_hint {
        Some((hint_id, text)) => Either::Left(view! { {label}<div class="heard-choice-hint" id=hint_id>{text}</div> }),
        None => Either::Right(label),
    }
}

/// A row of large numbered buttons with radio semantics, never a slider.
fn scale(parts: Parts, min: i64, max: i64, ends: (Option<String>, Option<String>)) -> impl IntoView {
    let state = parts.state;
    let points = (min..=max)
        .enumerate()
        .map(|(index, n)| {
            let (id, code) = (parts.id.clone(), n.to_string());
            let (input_id, name) = (option_id(&parts.id, index), group_name(&parts.id));
            // Screen readers hear the end labels with the end numbers.
            let end = if n == min {
                ends.0.clone()
            } else if n == max {
                ends.1.clone()
            } else {
                None
            };
            let checked = parts.has_code(&code);
            view! {
                <div class="heard-scale-point">
                    <input type="radio" id=input_id.clone() name=name value=code.clone()
                        prop:checked=checked
                        on:change=move |_| state.change(|_, answers| answers.set_choice(&id, &code)) />
                    {match end {
                        Some(e) => Either::Left(view! {
                            <label for=input_id>{n}<span class="heard-visually-hidden">{format!(", {e}")}</span></label>
                        }),
                        None => Either::Right(view! { <label for=input_id>{n}</label> }),
                    }}
                </div>
            }
        })
        .collect_view();
    let ends_view = (ends.0.is_some() || ends.1.is_some()).then(|| {
        view! {
            <p class="heard-scale-ends" aria-hidden="true">
                <span>{format!("{min}: {}", ends.0.clone().unwrap_or_default())}</span>
                <span>{format!("{max}: {}", ends.1.clone().unwrap_or_default())}</span>
            </p>
        }
    });
    let has_hint = parts.hint.is_some();
    view! {
        <fieldset class=parts.group_class(true) data-item=parts.id.clone() aria-describedby=parts.described_by(has_hint)>
            <legend class="heard-legend">{parts.title()}</legend>
            {parts.hint_and_error(None)}
            <div class="heard-scale">{points}</div>
            {ends_view}
        </fieldset>
    }
}

/// A labelled text box: short or long text, or a number.
fn text_input(parts: Parts, item: &Item, inputmode: Option<&'static str>) -> impl IntoView {
    let state = parts.state;
    let id = parts.id.clone();
    let dom_id = input_id(item);
    let answer = parts.answer;
    let error = parts.error;
    let value = move || {
        answer.with(|a| match a {
            Some(Answer::Text(t)) => t.clone(),
            _ => String::new(),
        })
    };
    let on_input = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        state.change(|_, a| a.set_text(&id, &text));
    };
    let has_error = move || error.with(Option::is_some);
    let long = matches!(item.kind, ItemKind::LongText { .. });
    let count = long.then(|| item.max_length()).flatten().map(|max| {
        let count_id = count_id(&parts.id);
        let text = move || {
            let room = answer.with(|a| {
                let text = match a {
                    Some(Answer::Text(t)) => t.as_str(),
                    _ => "",
                };
                TextRoom::within(max, text)
            });
            let (msg, n) = match room {
                TextRoom::Left(n) => (Msg::CharactersLeft, n),
                TextRoom::TooMany(n) => (Msg::CharactersTooMany, n),
            };
            state.t(msg).replace("{n}", &n.to_string())
        };
        (count_id.clone(), view! { <p class="heard-count" id=count_id>{text}</p> })
    });
    let has_hint = parts.hint.is_some();
    let base_described = parts.described_by(has_hint);
    let count_id = count.as_ref().map(|(id, _)| id.clone());
    let described = move || described_by(&[base_described(), count_id.clone()]);
    let field = if long {
        view! {
            <textarea class="heard-textarea" id=dom_id.clone() name=dom_id.clone() rows="5" autocomplete="off"
                class:heard-textarea--error=has_error aria-describedby=described
                prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        let short = if inputmode.is_some() { "heard-input heard-input--short" } else { "heard-input" };
        view! {
            <input class=short type="text" id=dom_id.clone() name=dom_id.clone() autocomplete="off"
                inputmode=inputmode spellcheck=inputmode.map(|_| "false")
                class:heard-input--error=has_error aria-describedby=described
                prop:value=value on:input=on_input />
        }
        .into_any()
    };
    view! {
        <div class=parts.group_class(false) data-item=parts.id.clone()>
            <label class="heard-label" for=dom_id>{parts.title()}</label>
            {parts.hint_and_error(None)}
            {field}
            {count.map(|(_, v)| v)}
        </div>
    }
}

/// The GOV.UK date input: Day, Month and Year boxes in one fieldset.
fn date(parts: Parts) -> impl IntoView {
    let state = parts.state;
    let answer = parts.answer;
    let error = parts.error;
    let boxes = [(DatePart::Day, Msg::Day, "day"), (DatePart::Month, Msg::Month, "month"), (DatePart::Year, Msg::Year, "year")]
        .into_iter()
        .map(|(part, label, name)| {
            let id = parts.id.clone();
            let field = Field::from(part);
            let dom_id = part_id(&parts.id, field);
            let value = move || answer.with(|a| match a {
                Some(Answer::Date { day, month, year }) => match part {
                    DatePart::Day => day.clone(),
                    DatePart::Month => month.clone(),
                    DatePart::Year => year.clone(),
                },
                _ => String::new(),
            });
            // Highlight the box the error is about, or all three.
            let has_error = move || error.with(|e| matches!(e, Some((f, _)) if f.is_none() || *f == Some(field)));
            view! {
                <div class=format!("heard-date-part heard-date-part--{name}")>
                    <label class="heard-label" for=dom_id.clone()>{state.t(label)}</label>
                    <input class="heard-input" type="text" inputmode="numeric" id=dom_id.clone() name=dom_id autocomplete="off"
                        spellcheck="false" class:heard-input--error=has_error prop:value=value
                        on:input=move |ev| { let v = event_target_value(&ev); state.change(|_, a| a.set_date_part(&id, part, &v)); } />
                </div>
            }
        })
        .collect_view();
    let date_hint = state.t(Msg::DateHint).to_owned();
    view! {
        <fieldset class=parts.group_class(true) role="group" data-item=parts.id.clone() aria-describedby=parts.described_by(true)>
            <legend class="heard-legend">{parts.title()}</legend>
            {parts.hint_and_error(Some(date_hint))}
            <div class="heard-date">{boxes}</div>
        </fieldset>
    }
}
