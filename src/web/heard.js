// Heard's loader: the only file a host page references.
//
//   <script type="module" src="/heard/heard.js"></script>
//   <heard-survey src="/surveys/fft.json" endpoint="/api/responses"></heard-survey>
//
//   import { mount } from "/heard/heard.js";
//   const handle = await mount(element, { survey, endpoint, lang, mode, theme, context, headers });
//
// It finds the wasm and CSS next to itself (import.meta.url), so dist/ can be
// copied to any path or CDN. Everything a person sees and every rule of the
// survey lives in the wasm; this file only loads things, makes the shadow root
// that isolates styles in both directions, and fetches the definition.
import init, {
  mount_widget, destroy_widget, widget_count, widget_outbox, widget_awaits_explanation, explain_widget,
} from './heard_core.js';

const HERE = import.meta.url;
// Shown when the wasm itself cannot start, so it cannot come from the wasm's
// string table. Keep it identical to the wasm's "definition failure" text.
const CALM = "This survey can't be shown right now";

let booting = null;
/** Loads the wasm and the stylesheet once per page, in parallel. */
function boot() {
  booting ??= Promise.all([
    init({ module_or_path: new URL('heard_core_bg.wasm', HERE) }),
    fetch(new URL('heard.css', HERE)).then((r) => (r.ok ? r.text() : '')).catch(() => ''),
  ]).then(([, css]) => ({ css, sheet: makeSheet(css) }));
  return booting;
}
// Start at once: a page loads this file to show a survey, and the wasm's
// download and compilation then overlap the host's own work, such as
// fetching the definition, instead of waiting for the first mount. A
// failure here is reported by the first mount, as before.
boot().catch(() => {});

let checking = null;
/**
 * The checker module (heard_checker.js and its wasm): the definition checker
 * with the words for every problem. The survey bundle runs the same checks
 * without the words, so this is fetched only for a definition it refused,
 * once per page, and never for a valid one.
 */
function checker() {
  checking ??= import('./heard_checker.js').then(async (module) => {
    await module.default({ module_or_path: new URL('heard_checker_bg.wasm', HERE) });
    return module;
  });
  return checking;
}

/** Every problem with a refused definition, in words, or null if the checker cannot load. */
async function explain(text) {
  try {
    return (await checker()).explain_definition(text) || null;
  } catch {
    checking = null; // Try again for the next widget: the network may be back.
    return null;
  }
}

function makeSheet(css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  } catch {
    return null; // Older engines: fall back to a <style> element per widget.
  }
}

function emit(target, type, detail) {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Reads the definition: an object, a URL, or inline JSON text. */
async function loadDefinition(survey, inlineText) {
  if (inlineText != null) return { text: inlineText };
  if (survey && typeof survey === 'object') {
    try {
      return { text: JSON.stringify(survey) };
    } catch (e) {
      return { error: `The survey object could not be read as JSON: ${e.message}` };
    }
  }
  if (typeof survey === 'string' && survey.trim() !== '') {
    let url;
    try {
      url = new URL(survey, document.baseURI);
    } catch {
      return { error: `The survey address "${survey}" is not a valid URL.` };
    }
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) {
        return { error: `Loading the survey from ${url} failed with HTTP ${response.status}. Check the src address.` };
      }
      return { text: await response.text() };
    } catch (e) {
      return { error: `Loading the survey from ${url} failed: ${e.message}. Check the address and your connection.` };
    }
  }
  return {
    error: 'No survey was given. Set the src attribute, put the definition in a <script type="application/json"> child, or pass survey to mount().',
  };
}

/** Renders the calm message without the wasm (used only if the wasm cannot run). */
function renderCalm(box, detail) {
  box.className = 'heard';
  box.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.className = 'heard-failure';
  p.textContent = CALM;
  box.replaceChildren(p);
  if (detail) {
    const pre = document.createElement('pre');
    pre.textContent = detail;
    box.append(pre);
  }
}

/**
 * Builds one widget in its own box inside `shadow`, dispatching events on
 * `target`. Returns a handle at once, { destroy(), ready }, so a widget
 * replaced while it is still loading never touches its successor's box.
 */
function attach(target, shadow, options, inlineText) {
  const box = document.createElement('div');
  shadow.append(box);
  const state = { id: null, destroyed: false };
  const handle = {
    destroy() {
      if (state.destroyed) return;
      state.destroyed = true;
      if (state.id != null) {
        try {
          destroy_widget(state.id);
        } catch {
          // The wasm may be dead after a panic; the box goes below anyway.
        }
      }
      box.remove();
    },
    /** The outbox for this widget's endpoint: [{id, state, attempts, lastError, nextAttemptAt}]. */
    async outbox() {
      if (state.id == null || state.destroyed) return [];
      return JSON.parse(await widget_outbox(state.id));
    },
  };
  handle.ready = (async () => {
    const [loaded, definition] = await Promise.all([
      boot().catch((e) => ({ failed: e })),
      loadDefinition(options.survey, inlineText),
    ]);
    if (state.destroyed) return handle;
    if (loaded.failed) {
      renderCalm(box, options.debug ? String(loaded.failed) : '');
      emit(target, 'heard:error', { kind: 'load', message: `The widget could not start: ${loaded.failed}` });
      return handle;
    }
    if (loaded.sheet && 'adoptedStyleSheets' in shadow) {
      shadow.adoptedStyleSheets = [loaded.sheet];
    } else {
      const style = document.createElement('style');
      style.textContent = loaded.css;
      shadow.prepend(style);
    }
    const config = {
      definition: definition.text ?? null,
      load_error: definition.error ?? null,
      endpoint: options.endpoint ?? null,
      lang: options.lang || document.documentElement.lang || null,
      mode: options.mode ?? 'inline',
      theme: options.theme ?? 'nhs',
      format: options.format ?? 'heard',
      debug: Boolean(options.debug),
      start_page: options.startPage !== false,
      context: options.context ?? {},
      // Credentials stay in this page's memory: the wasm never stores them.
      headers: options.headers ?? {},
    };
    try {
      state.id = mount_widget(target, box, JSON.stringify(config));
      if (widget_awaits_explanation(state.id)) {
        // The widget shows the calm message already; its heard:error waits
        // for the words, which only the checker module has.
        const explanation = await explain(definition.text);
        if (!state.destroyed) explain_widget(state.id, explanation);
      }
    } catch (e) {
      renderCalm(box, options.debug ? String(e) : '');
      emit(target, 'heard:error', { kind: 'panic', message: String(e) });
    }
    return handle;
  })();
  return handle;
}

const mounted = new WeakMap();

/**
 * Mounts a survey into any element. Mounting again on the same element
 * replaces the widget there; `handle.destroy()` leaves the element empty.
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) throw new TypeError('mount(element, options): element must be a DOM element');
  mounted.get(element)?.destroy();
  const container = document.createElement('div');
  container.setAttribute('data-heard', '');
  element.replaceChildren(container);
  const shadow = container.attachShadow({ mode: 'open' });
  const inner = attach(element, shadow, options, null);
  const handle = {
    outbox: () => inner.outbox(),
    destroy() {
      inner.destroy();
      if (mounted.get(element) === handle) mounted.delete(element);
      container.remove();
    },
  };
  mounted.set(element, handle);
  await inner.ready;
  return handle;
}

/** How many widgets are alive in this page (for tests and the demo). */
export function liveWidgets() {
  try {
    return widget_count();
  } catch {
    return 0;
  }
}

const ATTRIBUTES = ['src', 'endpoint', 'lang', 'mode', 'theme', 'context', 'format', 'debug', 'start-page'];

class HeardSurvey extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#handle?.destroy();
    this.#handle = null;
  }

  attributeChangedCallback(_name, before, after) {
    if (before !== after && this.isConnected && this.#handle) this.#render();
  }

  #handle = null;

  /** The outbox for this widget's endpoint, as `handle.outbox()`. */
  outbox() {
    return this.#handle ? this.#handle.outbox() : Promise.resolve([]);
  }

  #render() {
    this.#handle?.destroy();
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const inline = this.querySelector(':scope > script[type="application/json"]');
    let context = {};
    const rawContext = this.getAttribute('context');
    if (rawContext) {
      try {
        context = JSON.parse(rawContext);
      } catch (e) {
        emit(this, 'heard:error', { kind: 'config', message: `The context attribute is not valid JSON (${e.message}); responses are sent without it.` });
      }
    }
    this.#handle = attach(this, shadow, {
      survey: this.getAttribute('src'),
      endpoint: this.getAttribute('endpoint'),
      lang: this.getAttribute('lang') ?? undefined,
      mode: this.getAttribute('mode') ?? undefined,
      theme: this.getAttribute('theme') ?? undefined,
      format: this.getAttribute('format') ?? undefined,
      debug: this.hasAttribute('debug'),
      startPage: this.getAttribute('start-page') !== 'off',
      context,
    }, inline ? inline.textContent : null);
  }
}

if (!customElements.get('heard-survey')) customElements.define('heard-survey', HeardSurvey);
