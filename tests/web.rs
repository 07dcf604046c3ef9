//! Component tests in headless Chromium.
#![cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn placeholder_view_renders() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap().dyn_into::<web_sys::HtmlElement>().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let target: web_sys::EventTarget = root.clone().into();
    let _handle = heard::mount(target, root.clone(), heard::WidgetConfig::default(), None);
    assert_eq!(root.text_content().unwrap(), "Heard is ready");
}
