//! One integration-test binary (as ripgrep and just do): it runs the real `pathway` binary in
//! a temporary home, with "today", the width and colour pinned.

mod assess;
mod browse;
mod compare;
mod framework;
mod parser_memory;
mod plan;
mod robust;
mod scale;
mod util;
mod validate;
