// sqlx::migrate! embeds the migrations at compile time; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=../locales");
    println!("cargo:rerun-if-changed=data/communes.tsv");
}
