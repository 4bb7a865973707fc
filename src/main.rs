//! The `tariff` binary. Native only: the wasm build is the library (`src/wasm`).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The CLI does not exist on wasm32; this keeps `cargo test --target wasm32-unknown-unknown`
/// (which builds every binary next to integration tests) compiling.
#[cfg(target_arch = "wasm32")]
fn main() {}
