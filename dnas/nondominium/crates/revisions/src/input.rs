//! Zome-function inputs whose decode errors name the field (issue 16,
//! "Bad input gets a clear error naming the field and the rule").
//!
//! `#[hdk_extern]` decodes a call's payload into the function's input type
//! and, when that fails, answers `Deserialize([<the payload's bytes>])`,
//! dropping serde's message: a caller that sent a string where a number
//! belongs learns neither which field nor what was expected. A function that
//! takes [`Checked<T>`] instead always decodes: `Checked` keeps the payload's
//! MessagePack value, decodes `T` from it with the field's path
//! (`serde_path_to_error`), and the function's first line,
//! `let input = input.read("fn_name")?;`, turns a failure into
//! `"<fn_name>: input <field path>: <serde's message>"`, e.g.
//! `"create_economic_resource: input quantity: wrong type: got a string"`
//! or `"transfer_custody: input: missing field `new_custodian`"`.
//! The wire format is unchanged: a valid payload decodes to the same `T`.
use hdk::prelude::*;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

/// A zome function's input: the decoded `T`, or what made it undecodable
/// (the field path and serde's message). See the module documentation.
pub struct Checked<T>(Result<T, String>);

impl<T> Checked<T> {
    /// The decoded input, or the error `"<function>: input <path>: <message>"`
    /// (`<path>` is empty when the payload itself is of the wrong shape).
    pub fn read(self, function: &str) -> ExternResult<T> {
        // Every zome function with an input starts here: from now on one zome_info host call serves the whole call.
        nondominium_types::host::zome_info_cache::install();
        self.0.map_err(|e| crate::guest_error(format!("{function}: input{e}")))
    }
}

/// Another zome function of this zome calling one directly passes its
/// input as is.
impl<T> From<T> for Checked<T> {
    fn from(value: T) -> Self {
        Checked(Ok(value))
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Checked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Any MessagePack value decodes; it is written back and decoded as `T`
        // the way the HDK would (rmp_serde), with the path of the failing field.
        let bytes = msgpack_of(deserializer)?;
        let mut decoder = rmp_serde::Deserializer::from_read_ref(&bytes[..]);
        Ok(Checked(serde_path_to_error::deserialize(&mut decoder).map_err(|e| {
            let path = e.path().to_string();
            let message = readable(&e.into_inner().to_string());
            if path == "." {
                format!(": {message}")
            } else {
                format!(" {path}: {message}")
            }
        })))
    }
}

/// `#[serde(deserialize_with = "revisions::input::whole")]` on a field of a
/// [`Checked`] input: decodes the field as the HDK would
/// (`holochain_serialized_bytes::decode`), without the path below it. For
/// fields of Holochain's own types (records): the path-tracking decode is a
/// second copy of all their decoding code in the zome's wasm (0.45 MB for a
/// `Vec<Record>` in the governance coordinator, 2026-12-07), and a caller
/// learns enough from the field's name. An error names the field and gives
/// rmp_serde's message (made readable as in [`Checked`]).
pub fn whole<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + std::fmt::Debug,
{
    holochain_serialized_bytes::decode(&msgpack_of(deserializer)?[..]).map_err(|e| {
        let message = match e {
            SerializedBytesError::Deserialize(message) => message,
            other => other.to_string(),
        };
        D::Error::custom(readable(&message))
    })
}

/// The MessagePack bytes of whatever value `deserializer` holds (any value
/// decodes as an `rmpv::Value`), to decode again as a given type: what
/// [`Checked`] and [`whole`] start from.
fn msgpack_of<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let value = rmpv::Value::deserialize(deserializer)?;
    let mut bytes = Vec::new();
    rmpv::encode::write_value(&mut bytes, &value).map_err(D::Error::custom)?;
    Ok(bytes)
}

/// rmp_serde says "wrong msgpack marker FixStr(1)" for a value of the wrong
/// type: said as "wrong type: got a string" (other messages, such as serde's
/// "missing field `x`" or "unknown variant `Fly`, expected one of …", as they are).
fn readable(message: &str) -> String {
    let Some(marker) = message.strip_prefix("wrong msgpack marker ") else {
        return message.to_string();
    };
    let kinds = [
        ("FixStr", "a string"),
        ("Str", "a string"),
        ("FixPos", "an integer"),
        ("FixNeg", "an integer"),
        ("U", "an integer"),
        ("I", "an integer"),
        ("F", "a number"),
        ("True", "a boolean"),
        ("False", "a boolean"),
        ("Null", "null"),
        ("FixArray", "a list"),
        ("Array", "a list"),
        ("FixMap", "a map"),
        ("Map", "a map"),
        ("Bin", "bytes"),
    ];
    match kinds.iter().find(|(prefix, _)| marker.starts_with(prefix)) {
        Some((_, kind)) => format!("wrong type: got {kind}"),
        None => format!("wrong type ({marker})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    struct Input {
        hash: ActionHash,
        quantity: f64,
        action: Kind,
        note: Option<String>,
    }
    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    enum Kind {
        Use,
        Move,
    }

    fn decode(bytes: &[u8]) -> Result<Input, String> {
        let checked: Checked<Input> = holochain_serialized_bytes::decode(bytes).map_err(|e| format!("{e:?}"))?;
        checked.read("f").map_err(|e| format!("{e:?}"))
    }

    /// A valid payload decodes as the HDK would; each bad one names its field.
    #[test]
    fn decode_errors_name_the_field() {
        let good = Input { hash: ActionHash::from_raw_36(vec![7; 36]), quantity: 2.5, action: Kind::Move, note: None };
        let bytes = holochain_serialized_bytes::encode(&good).unwrap();
        assert_eq!(decode(&bytes), Ok(good));
        #[derive(Serialize, Debug)]
        struct Wrong<'a> {
            hash: ActionHash,
            quantity: &'a str,
            action: &'a str,
        }
        let hash = ActionHash::from_raw_36(vec![7; 36]);
        let wrong_type =
            holochain_serialized_bytes::encode(&Wrong { hash: hash.clone(), quantity: "x", action: "Use" }).unwrap();
        let e = decode(&wrong_type).unwrap_err();
        assert!(e.contains("f: input quantity: wrong type: got a string"), "{e}");
        #[derive(Serialize, Debug)]
        struct Missing {
            hash: ActionHash,
        }
        let e = decode(&holochain_serialized_bytes::encode(&Missing { hash: hash.clone() }).unwrap()).unwrap_err();
        assert!(e.contains("f: input: missing field `quantity`"), "{e}");
        #[derive(Serialize, Debug)]
        struct BadEnum<'a> {
            hash: ActionHash,
            quantity: f64,
            action: &'a str,
        }
        let e = decode(&holochain_serialized_bytes::encode(&BadEnum { hash, quantity: 1.0, action: "Fly" }).unwrap())
            .unwrap_err();
        assert!(e.contains("f: input action: unknown variant `Fly`"), "{e}");
    }

    /// A field decoded `whole` decodes as the HDK would; a bad one is named by its path, with rmp_serde's message.
    #[test]
    fn a_field_decoded_whole_is_named_by_its_path() {
        #[derive(Deserialize, Serialize, Debug, PartialEq)]
        struct Outer {
            name: String,
            #[serde(deserialize_with = "whole")]
            inner: Vec<Input>,
        }
        let good = Outer {
            name: "n".into(),
            inner: vec![Input {
                hash: ActionHash::from_raw_36(vec![7; 36]),
                quantity: 1.0,
                action: Kind::Use,
                note: Some("x".into()),
            }],
        };
        let checked: Checked<Outer> =
            holochain_serialized_bytes::decode(&holochain_serialized_bytes::encode(&good).unwrap()).unwrap();
        assert_eq!(checked.read("f").map_err(|e| format!("{e:?}")), Ok(good));
        #[derive(Serialize, Debug)]
        struct BadInner<'a> {
            name: &'a str,
            inner: Vec<&'a str>,
        }
        let bytes = holochain_serialized_bytes::encode(&BadInner { name: "n", inner: vec!["x"] }).unwrap();
        let checked: Checked<Outer> = holochain_serialized_bytes::decode(&bytes).unwrap();
        let e = format!("{:?}", checked.read("f").unwrap_err());
        assert!(e.contains("f: input inner: invalid type: string") && e.contains("expected struct Input"), "{e}");
    }
}
