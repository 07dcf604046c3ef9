//! The outbox in IndexedDB, which survives reloads, crashes and days
//! offline.
//!
//! Records are stored as JSON text under their response id, so what is read
//! back is exactly what the engine wrote: no structured-clone surprises. The
//! database is named after the endpoint, `heard-outbox:<endpoint>`, so a
//! host page's own databases can never collide with it, and each backend
//! has its own outbox and its own sender lock.

use std::rc::Rc;

use heard_engine::OutboxRecord;
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::JsValue;

use super::{LocalFuture, OutboxOpener, OutboxStore, StoreError};

const STORE: &str = "records";
const VERSION: u32 = 1;

/// Opens IndexedDB outboxes.
pub(crate) struct IndexedOpener;

impl OutboxOpener for IndexedOpener {
    fn open(&self, name: &str) -> LocalFuture<'static, Result<Rc<dyn OutboxStore>, StoreError>> {
        let name = name.to_owned();
        Box::pin(async move {
            let store: Rc<dyn OutboxStore> = Rc::new(IndexedOutbox::open(&name).await?);
            Ok(store)
        })
    }
}

struct IndexedOutbox(Database);

impl IndexedOutbox {
    async fn open(name: &str) -> Result<Self, StoreError> {
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
        Ok(IndexedOutbox(db))
    }
}

impl OutboxStore for IndexedOutbox {
    fn put<'a>(&'a self, record: &'a OutboxRecord) -> LocalFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let json = record.to_json();
            let fail = |e: idb::Error| StoreError::new("A record could not be saved on this device", e);
            let tx = self.0.transaction(&[STORE], TransactionMode::ReadWrite).map_err(fail)?;
            let store = tx.object_store(STORE).map_err(fail)?;
            store
                .put(&JsValue::from_str(&json), Some(&JsValue::from_str(&record.id)))
                .map_err(fail)?
                .await
                .map_err(fail)?;
            // The write counts only once its transaction has committed.
            tx.await.map_err(fail)?;
            Ok(())
        })
    }

    fn list(&self) -> LocalFuture<'_, Result<Vec<OutboxRecord>, StoreError>> {
        Box::pin(async move {
            let fail = |e: idb::Error| StoreError::new("The outbox could not be read", e);
            let tx = self.0.transaction(&[STORE], TransactionMode::ReadOnly).map_err(fail)?;
            let store = tx.object_store(STORE).map_err(fail)?;
            let values = store.get_all(None, None).map_err(fail)?.await.map_err(fail)?;
            let texts: Vec<String> = values.into_iter().filter_map(|v| v.as_string()).collect();
            Ok(super::memory::parse_records(&texts))
        })
    }

    fn delete<'a>(&'a self, id: &'a str) -> LocalFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let fail = |e: idb::Error| StoreError::new("A sent record could not be removed", e);
            let tx = self.0.transaction(&[STORE], TransactionMode::ReadWrite).map_err(fail)?;
            let store = tx.object_store(STORE).map_err(fail)?;
            store.delete(JsValue::from_str(id)).map_err(fail)?.await.map_err(fail)?;
            tx.await.map_err(fail)?;
            Ok(())
        })
    }
}

/// IndexedDB itself, in headless Chromium (`cargo test --target
/// wasm32-unknown-unknown -p heard`).
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use heard_engine::OutboxRecord;
    use wasm_bindgen_test::*;

    use super::IndexedOpener;
    use crate::io::memory::MemoryOutbox;
    use crate::io::OutboxOpener;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_indexeddb_outbox_keeps_records_across_a_reopen_until_they_are_acknowledged() {
        let name = crate::courier::outbox_name(&format!("https://example.test/{}", js_sys::Math::random()));
        let record = |id: &str, at: i64| {
            OutboxRecord::new(
                id.into(),
                "https://example.test/r".into(),
                "application/json".into(),
                format!("{{\"id\":\"{id}\"}}"),
                at,
            )
        };
        let (older, newer) = (record("older", 1_000), record("newer", 2_000));

        let store = IndexedOpener.open(&name).await.expect("IndexedDB opens");
        store.put(&newer).await.unwrap();
        store.put(&older).await.unwrap();

        // Put: a second connection, as after a reload, sees both, oldest first.
        let reopened = IndexedOpener.open(&name).await.unwrap();
        assert_eq!(reopened.list().await.unwrap(), vec![older.clone(), newer.clone()]);

        // Update in place: an attempt is recorded on the same record.
        let attempted = older.clone().start_attempt();
        reopened.put(&attempted).await.unwrap();
        assert_eq!(reopened.list().await.unwrap(), vec![attempted, newer.clone()]);

        // Acknowledge: only the acknowledged record goes, and it stays gone.
        reopened.delete("older").await.unwrap();
        let again = IndexedOpener.open(&name).await.unwrap();
        assert_eq!(again.list().await.unwrap(), vec![newer]);
    }

    #[wasm_bindgen_test]
    async fn the_memory_outbox_stands_in_shared_by_name_with_the_same_behaviour() {
        let store = MemoryOutbox::fallback("heard-outbox:memory-test");
        let r = OutboxRecord::new("m".into(), "e".into(), "application/json".into(), "{}".into(), 5);
        store.put(&r).await.unwrap();
        assert_eq!(MemoryOutbox::fallback("heard-outbox:memory-test").list().await.unwrap(), vec![r]);
        store.delete("m").await.unwrap();
        assert!(store.list().await.unwrap().is_empty());
    }
}
