//! Writing a Heard [`Response`] as a FHIR QuestionnaireResponse, and
//! reading back the two facts a receiver needs to file one: which response
//! it is and which survey it answers.

use serde_json::Map;

use super::questionnaire_response::{
    Coding, Identifier, QuestionnaireResponse, QuestionnaireResponseAnswerValue, QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer, QuestionnaireResponseStatus, ResourceType,
};
use crate::{Item, Response, ResponseAnswer, ResponseId, ResponseValue, Survey, SurveyRef};

/// The identifier system for URIs (RFC 3986); a `urn:uuid:` value in it is
/// globally unique without any registry.
pub const IDENTIFIER_SYSTEM_URI: &str = "urn:ietf:rfc:3986";

/// The start of the `questionnaire` canonical of every Heard survey:
/// `urn:heard:questionnaire:<survey id>|<version>`.
///
/// Heard surveys are not published on a FHIR server, so they have no
/// `http` URL. A URN is a valid canonical, stays the same wherever the
/// widget is embedded, and the `|version` suffix is how FHIR names a
/// particular version of a canonical resource.
pub const QUESTIONNAIRE_CANONICAL_PREFIX: &str = "urn:heard:questionnaire:";

/// The start of the code system of each choice question's codes:
/// `urn:heard:survey:<survey id>:<item id>`. Codes such as `a` or `other`
/// mean something only within one question, so each question is its own
/// system.
pub const CODE_SYSTEM_PREFIX: &str = "urn:heard:survey:";

const UUID_URN_PREFIX: &str = "urn:uuid:";

/// Writes `response`, an answer to `survey`, as a FHIR R4
/// QuestionnaireResponse.
///
/// - `identifier` is `urn:uuid:<response id>` in system
///   `urn:ietf:rfc:3986`: the response id itself, so receivers can
///   de-duplicate FHIR and Heard copies alike.
/// - `questionnaire` is `urn:heard:questionnaire:<survey id>|<version>`,
///   taken from the response (what was actually answered).
/// - `language` is the response's locale, `authored` its `submitted_at`,
///   `status` is `completed`.
/// - Items are nested like the survey: one group per page that has
///   answers (`linkId` = page id, `text` = page title), holding one item
///   per answered question (`linkId` = item id, `text` = the question in
///   the response's language).
/// - Codes become `valueCoding` (several for a multiple choice), with the
///   option's label as `display`; "something else" text is one more
///   `valueString` answer. Yes/no becomes `valueBoolean`, scale and
///   integer `valueInteger`, decimal `valueDecimal`, text `valueString`,
///   date `valueDate`.
///
/// Answers to items the survey does not have (a response to another
/// version, say) are not dropped: they follow the page groups as top-level
/// items without text. Whole numbers beyond FHIR's 32-bit `integer` are
/// written as `valueDecimal`, which holds them exactly up to 2^53.
///
/// The response's `context` (what the host page sent along) is left out:
/// FHIR's only place for it is an extension, which would need a published
/// StructureDefinition before any receiver could rely on it. Receivers that
/// need the context use the Heard format.
pub fn to_questionnaire_response(survey: &Survey, response: &Response) -> QuestionnaireResponse {
    let mut groups: Vec<QuestionnaireResponseItem> = Vec::new();
    let mut unplaced: Vec<QuestionnaireResponseItem> = Vec::new();
    let mut placed: Vec<Vec<(usize, QuestionnaireResponseItem)>> = vec![Vec::new(); survey.pages().len()];
    for answer in &response.answers {
        let position = survey.item_position(&answer.item);
        let item = survey.item(&answer.item);
        let written = answered_item(survey, response, item, answer);
        match position {
            Some((page, index)) if page < placed.len() => placed[page].push((index, written)),
            _ => unplaced.push(written),
        }
    }
    for (page, mut items) in survey.pages().iter().zip(placed) {
        if items.is_empty() {
            continue;
        }
        // Responses list answers in definition order already; sorting makes
        // that true for any response a caller builds by hand.
        items.sort_by_key(|(index, _)| *index);
        groups.push(QuestionnaireResponseItem {
            link_id: page.id.clone(),
            text: page.title.as_ref().map(|t| t.resolve(&response.locale, survey.default_language()).to_owned()),
            answer: Vec::new(),
            item: items.into_iter().map(|(_, item)| item).collect(),
            extra_fields: Map::new(),
        });
    }
    groups.extend(unplaced);
    QuestionnaireResponse {
        resource_type: ResourceType::QuestionnaireResponse,
        id: None,
        language: Some(response.locale.clone()),
        identifier: Some(Identifier {
            system: Some(IDENTIFIER_SYSTEM_URI.to_owned()),
            value: Some(format!("{UUID_URN_PREFIX}{}", response.id)),
            extra_fields: Map::new(),
        }),
        questionnaire: Some(format!(
            "{QUESTIONNAIRE_CANONICAL_PREFIX}{}|{}",
            response.survey.id, response.survey.version
        )),
        status: QuestionnaireResponseStatus::Completed,
        authored: Some(response.submitted_at.to_string()),
        item: groups,
        extra_fields: Map::new(),
    }
}

fn answered_item(
    survey: &Survey,
    response: &Response,
    item: Option<&Item>,
    answer: &ResponseAnswer,
) -> QuestionnaireResponseItem {
    let lang = response.locale.as_str();
    let default_lang = survey.default_language();
    let coding = |code: &str| {
        let display = item.and_then(|item| {
            let option = item.options().into_iter().find(|o| o.code == code).map(|o| o.label);
            let other = item.other().filter(|o| o.code == code).map(|o| o.label.clone());
            option.or(other).map(|label| label.resolve(lang, default_lang).to_owned())
        });
        QuestionnaireResponseAnswerValue::Coding(Coding {
            system: Some(format!("{CODE_SYSTEM_PREFIX}{}:{}", response.survey.id, answer.item)),
            code: Some(code.to_owned()),
            display,
            extra_fields: Map::new(),
        })
    };
    let values: Vec<QuestionnaireResponseAnswerValue> = match &answer.value {
        ResponseValue::Code { code, other } => {
            std::iter::once(coding(code)).chain(other.iter().map(|o| string(o))).collect()
        }
        ResponseValue::Codes { codes, other } => {
            codes.iter().map(|c| coding(c)).chain(other.iter().map(|o| string(o))).collect()
        }
        ResponseValue::Boolean { boolean } => vec![QuestionnaireResponseAnswerValue::Boolean(*boolean)],
        ResponseValue::Integer { integer } => vec![match i32::try_from(*integer) {
            Ok(small) => QuestionnaireResponseAnswerValue::Integer(small),
            // Precision loss past 2^53 is accepted: no survey asks for such numbers.
            Err(_) => QuestionnaireResponseAnswerValue::Decimal(*integer as f64),
        }],
        ResponseValue::Decimal { decimal } => vec![QuestionnaireResponseAnswerValue::Decimal(*decimal)],
        ResponseValue::Text { text } => vec![string(text)],
        ResponseValue::Date { date } => vec![QuestionnaireResponseAnswerValue::Date(date.clone())],
    };
    QuestionnaireResponseItem {
        link_id: answer.item.clone(),
        text: item.map(|item| item.text.resolve(lang, default_lang).to_owned()),
        answer: values
            .into_iter()
            .map(|value| QuestionnaireResponseItemAnswer {
                value: Some(value),
                item: Vec::new(),
                extra_fields: Map::new(),
            })
            .collect(),
        item: Vec::new(),
        extra_fields: Map::new(),
    }
}

fn string(text: &str) -> QuestionnaireResponseAnswerValue {
    QuestionnaireResponseAnswerValue::String(text.to_owned())
}

/// The Heard response id of a QuestionnaireResponse: its identifier's
/// `urn:uuid:` value, when the identifier is in system `urn:ietf:rfc:3986`.
///
/// `None` when there is no such identifier, so a receiver can refuse what
/// it could not de-duplicate.
pub fn response_id_from_questionnaire_response(resource: &QuestionnaireResponse) -> Option<ResponseId> {
    let identifier = resource.identifier.as_ref()?;
    if identifier.system.as_deref() != Some(IDENTIFIER_SYSTEM_URI) {
        return None;
    }
    let value = identifier.value.as_deref()?;
    let prefix = value.get(..UUID_URN_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(UUID_URN_PREFIX) {
        return None;
    }
    ResponseId::parse(value.get(UUID_URN_PREFIX.len()..)?)
}

/// The survey a QuestionnaireResponse answers, from its `questionnaire`
/// canonical `url|version`.
///
/// For a Heard canonical (`urn:heard:questionnaire:fft|1.0.0`) the survey id
/// is the part after the prefix (`fft`); for any other, it is the whole URL.
/// `None` when there is no canonical, or it has no version.
pub fn survey_ref_from_questionnaire_response(resource: &QuestionnaireResponse) -> Option<SurveyRef> {
    let (url, version) = resource.questionnaire.as_deref()?.rsplit_once('|')?;
    let id = url.strip_prefix(QUESTIONNAIRE_CANONICAL_PREFIX).unwrap_or(url);
    if id.trim().is_empty() || version.trim().is_empty() {
        return None;
    }
    Some(SurveyRef { id: id.to_owned(), version: version.to_owned() })
}
