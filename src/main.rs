//! The `tariff` binary (feature `cli`). Not for a JS host, where the package is the library
//! (`src/wasm`).

#[cfg(not(js_host))]
mod cli;

#[cfg(not(js_host))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The CLI does not exist for a JS host; this keeps `cargo test --target wasm32-unknown-unknown`
/// (which builds every binary next to integration tests) compiling.
#[cfg(js_host)]
fn main() {}
