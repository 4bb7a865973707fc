//! What a line item counts: one enum for every unit, so that a unit is matched, not spelled.

/// The unit of a line item's quantity (and of a per-unit price).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A token.
    Token,
    /// A millisecond (seconds are billed in ms).
    Millisecond,
    /// A pixel (megapixels are billed in pixels).
    Pixel,
    /// One image.
    Image,
    /// One video.
    Video,
    /// One prediction.
    Prediction,
    /// One call of a model.
    Call,
    /// One request (a per-request fee).
    Request,
    /// One web search.
    WebSearch,
    /// One tool call.
    ToolCall,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Unit; 10] = [
        Unit::Token,
        Unit::Millisecond,
        Unit::Pixel,
        Unit::Image,
        Unit::Video,
        Unit::Prediction,
        Unit::Call,
        Unit::Request,
        Unit::WebSearch,
        Unit::ToolCall,
    ];

    /// The unit a result's `unit` names.
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.name() == name)
    }

    /// How a count of the unit reads (`1 token`, `2 web searches`).
    pub fn words(self, n: u64) -> &'static str {
        let (one, many) = match self {
            Unit::Token => ("token", "tokens"),
            Unit::Millisecond => ("millisecond", "milliseconds"),
            Unit::Pixel => ("pixel", "pixels"),
            Unit::Image => ("image", "images"),
            Unit::Video => ("video", "videos"),
            Unit::Prediction => ("prediction", "predictions"),
            Unit::Call => ("call", "calls"),
            Unit::Request => ("request", "requests"),
            Unit::WebSearch => ("web search", "web searches"),
            Unit::ToolCall => ("tool call", "tool calls"),
        };
        if n == 1 {
            one
        } else {
            many
        }
    }

    /// The name results carry (`token`, `millisecond`, `image`, `web_search`).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Token => "token",
            Unit::Millisecond => "millisecond",
            Unit::Pixel => "pixel",
            Unit::Image => "image",
            Unit::Video => "video",
            Unit::Prediction => "prediction",
            Unit::Call => "call",
            Unit::Request => "request",
            Unit::WebSearch => "web_search",
            Unit::ToolCall => "tool_call",
        }
    }

    /// How many of the unit a catalog rate is for: rates are micros per million tokens, per
    /// second (1,000 ms), per megapixel (1,000,000 px), or per unit.
    pub fn rate_per(self) -> u64 {
        match self {
            Unit::Token | Unit::Pixel => 1_000_000,
            Unit::Millisecond => 1_000,
            _ => 1,
        }
    }

    /// The metered units and how many of them make the unit a price list rounds in (a
    /// second is 1,000 ms, a megapixel 1,000,000 pixels); `None` for counts, which are whole.
    pub fn metered_scale(self) -> Option<u64> {
        match self {
            Unit::Token => Some(1),
            Unit::Millisecond => Some(1_000),
            Unit::Pixel => Some(1_000_000),
            _ => None,
        }
    }

    /// The unit a price list rounds in, for messages (`second` for ms, `megapixel` for px).
    pub fn rounded_name(self) -> &'static str {
        match self {
            Unit::Millisecond => "second",
            Unit::Pixel => "megapixel",
            other => other.name(),
        }
    }
}
