//! Component tests of the widget in headless Chromium (wasm-bindgen-test).
//!
//! Each test mounts a real widget into the test page, acts as a person would
//! (clicking inputs, typing), waits for Leptos to render, and reads the DOM.
//! Accessible names are checked the way they are made: a `<label for>` for
//! every input, and a `<legend>` for every group.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const EVERY_KIND: &str = include_str!("fixtures/every-kind.json");

/// A mounted widget and the events it dispatched.
struct Widget {
    root: HtmlElement,
    events: Rc<RefCell<Vec<(String, String)>>>,
    /// Mounted with `heard::mount`, or through the wasm entry points as the
    /// loader mounts it (then destroyed with `destroy_widget` on drop).
    _view: Option<heard::Mounted>,
    id: Option<u32>,
    _listeners: Vec<Closure<dyn FnMut(web_sys::CustomEvent)>>,
}

/// A fresh root in the test page, and a record of the `heard:*` events
/// dispatched on it.
#[allow(clippy::type_complexity)]
fn listened_root() -> (HtmlElement, Rc<RefCell<Vec<(String, String)>>>, Vec<Closure<dyn FnMut(web_sys::CustomEvent)>>) {
    // Every test starts without the drafts earlier tests left behind.
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let mut listeners = Vec::new();
    for name in ["heard:ready", "heard:page", "heard:submitted", "heard:error"] {
        let events = events.clone();
        let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let detail = js_sys::JSON::stringify(&e.detail()).map(String::from).unwrap_or_default();
            events.borrow_mut().push((e.type_(), detail));
        });
        root.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
        listeners.push(listener);
    }
    (root, events, listeners)
}

impl Widget {
    fn mount(definition: &str) -> Self {
        Self::mount_with(serde_json::json!({ "definition": definition, "lang": "en" }))
    }

    fn mount_with(config: serde_json::Value) -> Self {
        let (root, events, listeners) = listened_root();
        let (config, problem) = heard::WidgetConfig::parse(&config.to_string());
        assert_eq!(problem, None, "the test's settings should read");
        let view = heard::mount(root.clone().into(), root.clone(), config, None);
        Widget { root, events, _view: Some(view), id: None, _listeners: listeners }
    }

    /// Mounts through `mount_widget`, as the loader does.
    fn mount_as_the_loader(config: serde_json::Value) -> Self {
        let (root, events, listeners) = listened_root();
        let id = heard::mount_widget(root.clone().into(), root.clone(), &config.to_string());
        Widget { root, events, _view: None, id: Some(id), _listeners: listeners }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default().trim().to_owned()
    }

    fn all_text(&self, selector: &str) -> Vec<String> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default().trim().to_owned())
            .collect()
    }

    /// The text of the label that names the input with this id: the label
    /// that wraps it, or the one that points at it with `for`.
    fn label_of(&self, input_id: &str) -> String {
        let input = self.get(&format!("[id='{input_id}']"));
        match input.closest("label").unwrap() {
            Some(label) => label.text_content().unwrap_or_default().trim().to_owned(),
            None => self.text(&format!("label[for='{input_id}']")),
        }
    }

    async fn click(&self, selector: &str) {
        self.get(selector).dyn_into::<HtmlElement>().unwrap().click();
        leptos::task::tick().await;
    }

    async fn click_button(&self, text: &str) {
        let list = self.root.query_selector_all("button").unwrap();
        let button = (0..list.length())
            .filter_map(|i| list.item(i))
            .find(|b| b.text_content().unwrap_or_default().trim() == text)
            .unwrap_or_else(|| panic!("no button named {text}"));
        button.dyn_into::<HtmlElement>().unwrap().click();
        leptos::task::tick().await;
    }

    async fn type_into(&self, selector: &str, text: &str) {
        let field = self.get(selector);
        match field.dyn_ref::<HtmlTextAreaElement>() {
            Some(area) => area.set_value(text),
            None => field.dyn_ref::<HtmlInputElement>().expect("a text box").set_value(text),
        }
        field.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
        leptos::task::tick().await;
    }

    fn events(&self, name: &str) -> Vec<String> {
        self.events.borrow().iter().filter(|(n, _)| n == name).map(|(_, d)| d.clone()).collect()
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            heard::destroy_widget(id);
        }
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn the_start_page_shows_title_privacy_notice_and_start_now() {
    let w = Widget::mount(EVERY_KIND);
    assert_eq!(w.text("h2"), "Every kind of question");
    assert!(w.root.text_content().unwrap().contains("What happens to your answers"));
    assert!(w.root.text_content().unwrap().contains("Test survey."));
    assert_eq!(w.events("heard:ready"), vec!["null"]);
    w.click_button("Start now").await;
    assert_eq!(w.events("heard:page"), vec!["0"]);
}

#[wasm_bindgen_test]
async fn every_item_kind_renders_with_its_accessible_name() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;

    assert_eq!(w.text(".heard-display-text"), "Some words before the questions.");
    let legends = w.all_text("fieldset > legend");
    for expected in [
        "Pick one colour",
        "Pick some fruit (optional)",
        "Do you have a pet?",
        "How do you feel today? (optional)",
        "I was listened to. (optional)",
        "When was your last visit? (optional)",
    ] {
        assert!(legends.iter().any(|l| l == expected), "no legend {expected:?} in {legends:?}");
    }
    // Radios and checkboxes are named by their labels.
    assert_eq!(w.label_of("heard-q.single.0"), "Red");
    assert_eq!(w.label_of("heard-q.single.2"), "Another colour");
    assert_eq!(w.get("#heard-q\\.single\\.0").get_attribute("type").unwrap(), "radio");
    assert_eq!(w.label_of("heard-q.multi.2"), "None of these");
    assert_eq!(w.get("#heard-q\\.multi\\.0").get_attribute("type").unwrap(), "checkbox");
    assert_eq!(w.label_of("heard-q.yn.0"), "Yes");
    assert_eq!(w.label_of("heard-q.yn.1"), "No");
    assert_eq!(w.label_of("heard-q.agree.0"), "Strongly agree");
    assert_eq!(w.label_of("heard-q.agree.4"), "Strongly disagree");
    // A scale is eleven radio buttons, never a slider; the ends carry their words.
    assert_eq!(w.root.query_selector_all(".heard-scale input[type=radio]").unwrap().length(), 11);
    assert!(w.find("input[type=range]").is_none());
    assert_eq!(w.label_of("heard-q.mood.0"), "0, Very low");
    assert_eq!(w.label_of("heard-q.mood.5"), "5");
    assert_eq!(w.label_of("heard-q.mood.10"), "10, Very good");
    // Text boxes.
    assert_eq!(w.label_of("heard-q.story"), "Tell us more (optional)");
    assert_eq!(w.get("#heard-q\\.story").tag_name(), "TEXTAREA");
    assert_eq!(w.label_of("heard-q.age"), "How old are you? (optional)");
    assert_eq!(w.get("#heard-q\\.age").get_attribute("inputmode").unwrap(), "numeric");
    assert_eq!(w.get("#heard-q\\.height").get_attribute("inputmode").unwrap(), "decimal");
    // The GOV.UK date pattern: Day, Month, Year in one fieldset.
    assert_eq!(w.label_of("heard-q.visit.day"), "Day");
    assert_eq!(w.label_of("heard-q.visit.month"), "Month");
    assert_eq!(w.label_of("heard-q.visit.year"), "Year");
    // The conditional question is not there until its condition holds.
    assert!(w.find("#heard-q\\.pet_name").is_none());
    assert_eq!(w.text(".heard-progress"), "Page 1 of 1");
}

#[wasm_bindgen_test]
async fn continuing_with_required_questions_blank_shows_the_error_summary_and_inline_messages() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    w.type_into("#heard-q\\.age", "200").await;
    w.click_button("Check your answers").await;

    assert_eq!(w.text(".heard-error-summary h2"), "There is a problem");
    let links = w.all_text(".heard-error-summary a");
    assert_eq!(
        links,
        vec![
            "Select an answer for “Pick one colour”",
            "Select an answer for “Do you have a pet?”",
            "Enter a number between 0 and 120",
        ]
    );
    // The summary takes focus, and each link points at its field.
    let active = web_sys::window().unwrap().document().unwrap().active_element().unwrap();
    assert!(active.class_list().contains("heard-error-summary"));
    assert_eq!(w.get(".heard-error-summary a").get_attribute("href").unwrap(), "#heard-q.single.0");
    // Inline messages use the same words, and the typed answer is kept.
    assert_eq!(w.text("#heard-q\\.age\\.error"), "Error: Enter a number between 0 and 120");
    assert_eq!(w.get("#heard-q\\.age").dyn_into::<HtmlInputElement>().unwrap().value(), "200");
    assert!(w.get("#heard-q\\.age").get_attribute("aria-describedby").unwrap().contains("heard-q.age.error"));
    assert!(w.get("#heard-q\\.age").class_list().contains("heard-input--error"));
}

#[wasm_bindgen_test]
async fn an_error_summary_link_moves_focus_to_its_field() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    w.click_button("Check your answers").await;
    w.click(".heard-error-summary li:nth-child(2) a").await;
    let active = web_sys::window().unwrap().document().unwrap().active_element().unwrap();
    assert_eq!(active.id(), "heard-q.yn.0");
}

#[wasm_bindgen_test]
async fn conditional_items_appear_and_disappear_and_are_announced() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    assert!(w.find("#heard-q\\.pet_name").is_none());

    w.click("#heard-q\\.yn\\.0").await;
    assert_eq!(w.label_of("heard-q.pet_name"), "What is your pet called? (optional)");
    assert_eq!(w.text("[role=status]"), "New question: What is your pet called?");

    w.click("#heard-q\\.yn\\.1").await;
    assert!(w.find("#heard-q\\.pet_name").is_none());
    assert_eq!(w.text("[role=status]"), "Question removed: What is your pet called?");
}

#[wasm_bindgen_test]
async fn the_count_under_a_long_text_box_agrees_with_the_limit_continue_applies() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    assert_eq!(w.text("#heard-q\\.story\\.count"), "You have 20 characters remaining");
    assert!(w.get("#heard-q\\.story").get_attribute("aria-describedby").unwrap().contains("heard-q.story.count"));

    // Characters, not bytes; spaces at either end are not counted.
    w.type_into("#heard-q\\.story", "  Café 👋🏽  ").await;
    assert_eq!(w.text("#heard-q\\.story\\.count"), "You have 13 characters remaining");

    w.type_into("#heard-q\\.story", "This is far too long a story").await;
    assert_eq!(w.text("#heard-q\\.story\\.count"), "You have 8 characters too many");
    w.click_button("Check your answers").await;
    assert_eq!(w.text("#heard-q\\.story\\.error"), "Error: Answer must be 20 characters or less");
}

#[wasm_bindgen_test]
async fn choosing_other_reveals_its_detail_box_and_an_exclusive_option_clears_the_rest() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    assert!(w.find("#heard-q\\.single\\.other-detail").is_none());
    w.click("#heard-q\\.single\\.2").await;
    assert_eq!(w.label_of("heard-q.single.other-detail"), "Which colour?");

    w.click("#heard-q\\.multi\\.0").await;
    w.click("#heard-q\\.multi\\.1").await;
    w.click("#heard-q\\.multi\\.2").await;
    let checked = |id: &str| w.get(id).dyn_into::<HtmlInputElement>().unwrap().checked();
    assert!(!checked("#heard-q\\.multi\\.0") && !checked("#heard-q\\.multi\\.1") && checked("#heard-q\\.multi\\.2"));
}

#[wasm_bindgen_test]
async fn an_impossible_date_gets_a_specific_message_on_its_own_box() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    w.type_into("#heard-q\\.visit\\.day", "31").await;
    w.type_into("#heard-q\\.visit\\.month", "2").await;
    w.type_into("#heard-q\\.visit\\.year", "2025").await;
    w.click_button("Check your answers").await;
    assert!(w.all_text(".heard-error-summary a").contains(&"Date must be a real date".to_owned()));
}

#[wasm_bindgen_test]
async fn a_complete_journey_reaches_check_your_answers_and_thank_you() {
    let w = Widget::mount(EVERY_KIND);
    w.click_button("Start now").await;
    w.click("#heard-q\\.single\\.1").await;
    w.click("#heard-q\\.yn\\.0").await;
    w.type_into("#heard-q\\.pet_name", "Biscuit").await;
    w.click("#heard-q\\.mood\\.7").await;
    w.click_button("Check your answers").await;

    assert_eq!(w.text("h2"), "Check your answers");
    let answers = w.all_text(".heard-summary-row dd:nth-of-type(1)");
    assert!(answers.contains(&"Blue".to_owned()), "{answers:?}");
    assert!(answers.contains(&"Biscuit".to_owned()), "{answers:?}");
    assert!(answers.contains(&"7".to_owned()), "{answers:?}");

    // "Change" goes back to the question, and Continue returns to the summary.
    w.click(".heard-summary-row a").await;
    assert_eq!(w.text("h2"), "All the kinds");
    w.click("#heard-q\\.single\\.0").await;
    w.click_button("Check your answers").await;
    assert_eq!(w.text("h2"), "Check your answers");
    assert!(w.all_text(".heard-summary-row dd:nth-of-type(1)").contains(&"Red".to_owned()));

    w.click_button("Submit").await;
    assert_eq!(w.text("h2"), "Thank you");
    let submitted = w.events("heard:submitted");
    assert_eq!(submitted.len(), 1);
    let id = submitted[0].trim_matches('"');
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(w.get(".heard-panel").get_attribute("data-response-id").unwrap(), id);
}

#[wasm_bindgen_test]
async fn a_broken_definition_shows_the_calm_message_and_fires_heard_error_with_the_checker_modules_words() {
    // The survey bundle has no words for definition problems: the widget
    // shows the calm message at once and waits for the loader to hand it the
    // checker module's explanation (README, "Bundles and modules").
    let w =
        Widget::mount_as_the_loader(serde_json::json!({ "definition": "{\"id\": \"x\", \"pages\": [", "debug": true }));
    let id = w.id.unwrap();
    assert_eq!(w.text(".heard-failure"), "This survey can't be shown right now");
    assert!(w.events("heard:error").is_empty(), "the error waits for its words");
    assert!(heard::widget_awaits_explanation(id));
    let words =
        "The survey file has 1 problem:\n- (whole file): The survey file is not valid JSON at line 1, column 25.";
    heard::explain_widget(id, Some(words.to_owned()));
    assert!(!heard::widget_awaits_explanation(id));
    assert_eq!(w.text(".heard-failure"), "This survey can't be shown right now");
    assert!(w.text("pre").contains("line 1"), "debug details show the words: {}", w.text("pre"));
    let errors = w.events("heard:error");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("\"kind\":\"definition\""), "{errors:?}");
    assert!(errors[0].contains("line 1"), "{errors:?}");
    // A second explanation changes nothing.
    heard::explain_widget(id, Some("other words".to_owned()));
    assert_eq!(w.events("heard:error").len(), 1);

    // When the checker module cannot load, the error names each problem's
    // place and kind; without debug nothing but the calm message shows.
    let quiet = Widget::mount_as_the_loader(serde_json::json!({ "definition": "{}" }));
    heard::explain_widget(quiet.id.unwrap(), None);
    assert_eq!(quiet.text(".heard-failure"), "This survey can't be shown right now");
    assert!(quiet.find("pre").is_none(), "details only with debug");
    let errors = quiet.events("heard:error");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("/id: MissingField"), "{errors:?}");
    assert!(errors[0].contains("could not be loaded"), "{errors:?}");

    // A valid survey waits for nothing.
    let fine = Widget::mount_as_the_loader(serde_json::json!({ "definition": EVERY_KIND }));
    assert!(!heard::widget_awaits_explanation(fine.id.unwrap()));
}

#[wasm_bindgen_test]
async fn unknown_settings_keep_their_defaults_and_tell_the_host_which_attribute_and_value() {
    // Regression (issue 8, defect 8): an unknown mode, theme or format was
    // silently treated as the default.
    let w = Widget::mount_with(serde_json::json!({
        "definition": EVERY_KIND, "lang": "en", "mode": "kiosks", "theme": "council-dark", "format": "FHIR",
    }));
    assert_eq!(w.get(".heard").get_attribute("data-theme").as_deref(), Some("nhs"));
    assert_eq!(w.text("h2"), "Every kind of question", "the survey still shows");
    let errors = w.events("heard:error");
    assert_eq!(errors.len(), 3, "{errors:?}");
    for (error, (attribute, value)) in
        errors.iter().zip([("mode", "kiosks"), ("theme", "council-dark"), ("format", "FHIR")])
    {
        assert!(error.contains("\"kind\":\"config\""), "{error}");
        assert!(error.contains(&format!("The {attribute} attribute is \\\"{value}\\\"")), "{error}");
    }
    let fine = Widget::mount_with(serde_json::json!({ "definition": EVERY_KIND, "mode": "kiosk", "theme": "council" }));
    assert!(fine.events("heard:error").is_empty());
    assert_eq!(fine.get(".heard").get_attribute("data-theme").as_deref(), Some("council"));
}

#[wasm_bindgen_test]
async fn survey_text_is_rendered_as_text_never_as_html() {
    let hostile = EVERY_KIND.replace("Every kind of question", "<img src=x onerror=alert(1)><script>alert(2)</script>");
    let w = Widget::mount(&hostile);
    assert_eq!(w.text("h2"), "<img src=x onerror=alert(1)><script>alert(2)</script>");
    assert!(w.find("img").is_none());
    assert!(w.find("script").is_none());
}

#[wasm_bindgen_test]
fn mount_and_destroy_through_the_wasm_entry_points_free_the_widget() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let before = heard::widget_count();
    let config = serde_json::json!({ "definition": EVERY_KIND }).to_string();
    let id = heard::mount_widget(root.clone().into(), root.clone(), &config);
    assert_eq!(heard::widget_count(), before + 1);
    assert!(root.text_content().unwrap().contains("Every kind of question"));
    heard::destroy_widget(id);
    heard::destroy_widget(id);
    assert_eq!(heard::widget_count(), before);
    assert_eq!(root.child_nodes().length(), 0);
    root.remove();
}
