//! Browser entry point: installs the panic hook and mounts [`takt_app::App`].

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(takt_app::App);
}
