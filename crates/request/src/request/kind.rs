//! The kinds of token a usage record reports, each billed at its own rate.

/// A kind of token, in prompt order (input side first, then output side).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Input read from the prompt cache.
    CachedInput,
    /// Input written to the prompt cache for 5 minutes.
    CacheWrite5m,
    /// Input written to the prompt cache for 1 hour.
    CacheWrite1h,
    /// Image input.
    ImageInput,
    /// Audio input.
    AudioInput,
    /// Plain (text) input.
    Input,
    /// Output.
    Output,
    /// Reasoning (thinking) output.
    Reasoning,
}

impl Kind {
    /// Every kind, in prompt order.
    pub const ALL: [Kind; 8] = [
        Kind::CachedInput,
        Kind::CacheWrite5m,
        Kind::CacheWrite1h,
        Kind::ImageInput,
        Kind::AudioInput,
        Kind::Input,
        Kind::Output,
        Kind::Reasoning,
    ];

    /// The usage field and line item (`cache_write_5m_tokens`).
    pub fn item(self) -> &'static str {
        match self {
            Kind::CachedInput => "cached_input_tokens",
            Kind::CacheWrite5m => "cache_write_5m_tokens",
            Kind::CacheWrite1h => "cache_write_1h_tokens",
            Kind::ImageInput => "image_input_tokens",
            Kind::AudioInput => "audio_input_tokens",
            Kind::Input => "input_tokens",
            Kind::Output => "output_tokens",
            Kind::Reasoning => "reasoning_tokens",
        }
    }

    /// Whether it is part of the prompt (counts toward context tiers).
    pub fn input_side(self) -> bool {
        !matches!(self, Kind::Output | Kind::Reasoning)
    }
}
