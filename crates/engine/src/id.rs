//! Response ids: version 4 UUIDs made from random bytes the caller supplies.
//!
//! Architecture Invariant: the engine never draws random numbers. The widget
//! gets 16 bytes from `crypto.getRandomValues` and hands them in, so the
//! engine stays pure and tests can use fixed bytes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A response's id, written as a lowercase hyphenated UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResponseId {
    bytes: [u8; 16],
}

impl ResponseId {
    /// Makes a version 4 (random) UUID from 16 random bytes, setting the
    /// version and variant bits as RFC 9562 requires.
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        ResponseId { bytes }
    }

    /// Reads a hyphenated UUID of any version, in either case. `None` when
    /// the text is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.as_bytes();
        if text.len() != 36 {
            return None;
        }
        let mut bytes = [0u8; 16];
        let mut nibbles = 0usize;
        for (i, &c) in text.iter().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if c != b'-' {
                    return None;
                }
                continue;
            }
            let value = (c as char).to_digit(16)? as u8;
            let byte = bytes.get_mut(nibbles / 2)?;
            *byte = (*byte << 4) | value;
            nibbles += 1;
        }
        Some(ResponseId { bytes })
    }

    /// The 16 bytes of the UUID.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.bytes
    }
}

impl fmt::Display for ResponseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for ResponseId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ResponseId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ResponseId::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a UUID"))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ResponseId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ResponseId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A version 4 UUID, made when the person started. Also the Idempotency-Key.",
            "type": "string",
            "format": "uuid"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bytes_become_a_valid_version_4_uuid() {
        let id = ResponseId::from_random_bytes([0; 16]);
        assert_eq!(id.to_string(), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn all_ones_keep_only_the_allowed_bits() {
        let id = ResponseId::from_random_bytes([0xff; 16]);
        assert_eq!(id.to_string(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }

    #[test]
    fn written_ids_read_back() {
        let id = ResponseId::from_random_bytes(*b"0123456789abcdef");
        assert_eq!(ResponseId::parse(&id.to_string()), Some(id));
        assert_eq!(ResponseId::parse(&id.to_string().to_uppercase()), Some(id));
    }

    #[test]
    fn malformed_ids_are_not_read() {
        assert_eq!(ResponseId::parse(""), None);
        assert_eq!(ResponseId::parse("00000000-0000-4000-8000-00000000000g"), None);
        assert_eq!(ResponseId::parse("00000000a0000-4000-8000-000000000000"), None);
        assert_eq!(ResponseId::parse("00000000-0000-4000-8000-0000000000é"), None);
    }
}
