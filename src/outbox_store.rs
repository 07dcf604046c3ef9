//! Where outbox records live: IndexedDB, which survives reloads, crashes and
//! days offline, or (only when IndexedDB cannot be used, as in some private
//! modes) this page's memory.
//!
//! Records are stored as JSON text under their response id, so what is read
//! back is exactly what the engine wrote: no structured-clone surprises.
//! The database is named after the endpoint, `heard-outbox:<endpoint>`, so a
//! host page's own databases can never collide with it, and each backend
//! has its own outbox and its own sender lock.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use heard_engine::OutboxRecord;
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::JsValue;

const STORE: &str = "records";
const VERSION: u32 = 1;

/// Why the store could not do something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// What failed, in words for staff and the `heard:error` event.
    pub message: String,
}

impl StoreError {
    fn new(what: &str, e: impl std::fmt::Display) -> Self {
        StoreError { message: format!("{what}: {e}") }
    }
}

/// One endpoint's records in the in-memory fallback, by response id, as JSON.
type MemoryRecords = Rc<RefCell<BTreeMap<String, String>>>;

thread_local! {
    // The fallback store is shared by every widget on the page with the same
    // endpoint, like the database it stands in for.
    static MEMORY: RefCell<BTreeMap<String, MemoryRecords>> = const { RefCell::new(BTreeMap::new()) };
}

/// An outbox: IndexedDB, or memory when IndexedDB is unavailable.
#[derive(Clone)]
pub enum OutboxStore {
    /// The durable store.
    Indexed(Rc<Database>),
    /// This page's memory: lost on reload, announced to the person.
    Memory(MemoryRecords),
}

impl OutboxStore {
    /// The database name for an endpoint.
    pub fn name_for(endpoint: &str) -> String {
        format!("heard-outbox:{endpoint}")
    }

    /// Opens (creating if needed) the IndexedDB outbox called `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::new("IndexedDB is not available", e))?;
        let mut request =
            factory.open(name, Some(VERSION)).map_err(|e| StoreError::new("The outbox could not be opened", e))?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                if !db.store_names().iter().any(|n| n == STORE) {
                    let _ = db.create_object_store(STORE, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(|e| StoreError::new("The outbox could not be opened", e))?;
        // Ask the browser not to evict the outbox under storage pressure.
        // The answer does not change anything here, so it is not awaited.
        if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
            let _ = storage.persist();
        }
        Ok(OutboxStore::Indexed(Rc::new(db)))
    }

    /// The in-memory stand-in for the outbox called `name`.
    pub fn memory(name: &str) -> Self {
        let map = MEMORY.with(|m| m.borrow_mut().entry(name.to_owned()).or_default().clone());
        OutboxStore::Memory(map)
    }

    /// Whether records survive a reload.
    pub fn is_durable(&self) -> bool {
        matches!(self, OutboxStore::Indexed(_))
    }

    /// Stores `record`, replacing any record with the same id.
    pub async fn put(&self, record: &OutboxRecord) -> Result<(), StoreError> {
        let json = serde_json::to_string(record).map_err(|e| StoreError::new("A record could not be written", e))?;
        match self {
            OutboxStore::Memory(map) => {
                map.borrow_mut().insert(record.id.clone(), json);
                Ok(())
            }
            OutboxStore::Indexed(db) => {
                let fail = |e: idb::Error| StoreError::new("A record could not be saved on this device", e);
                let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(fail)?;
                let store = tx.object_store(STORE).map_err(fail)?;
                store
                    .put(&JsValue::from_str(&json), Some(&JsValue::from_str(&record.id)))
                    .map_err(fail)?
                    .await
                    .map_err(fail)?;
                // The write counts only once its transaction has committed.
                tx.await.map_err(fail)?;
                Ok(())
            }
        }
    }

    /// Every record, oldest first. Unreadable entries are skipped, never
    /// deleted: they stay on the device for someone to look at.
    pub async fn list(&self) -> Result<Vec<OutboxRecord>, StoreError> {
        let texts: Vec<String> = match self {
            OutboxStore::Memory(map) => map.borrow().values().cloned().collect(),
            OutboxStore::Indexed(db) => {
                let fail = |e: idb::Error| StoreError::new("The outbox could not be read", e);
                let tx = db.transaction(&[STORE], TransactionMode::ReadOnly).map_err(fail)?;
                let store = tx.object_store(STORE).map_err(fail)?;
                let values = store.get_all(None, None).map_err(fail)?.await.map_err(fail)?;
                values.into_iter().filter_map(|v| v.as_string()).collect()
            }
        };
        let mut records: Vec<OutboxRecord> = texts.iter().filter_map(|t| serde_json::from_str(t).ok()).collect();
        records.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok(records)
    }

    /// Deletes the record with this id: only ever after a 2xx.
    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        match self {
            OutboxStore::Memory(map) => {
                map.borrow_mut().remove(id);
                Ok(())
            }
            OutboxStore::Indexed(db) => {
                let fail = |e: idb::Error| StoreError::new("A sent record could not be removed", e);
                let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(fail)?;
                let store = tx.object_store(STORE).map_err(fail)?;
                store.delete(JsValue::from_str(id)).map_err(fail)?.await.map_err(fail)?;
                tx.await.map_err(fail)?;
                Ok(())
            }
        }
    }
}
