//! SRP timing: `cargo run --release --example srp_bench`.
//!
//! Prints the median (and minimum) of 31 runs, in milliseconds, for `Ephemeral::new` (g^a,
//! 384-bit a) and for `password_claim` (g^x and S, i.e. the work left once A has been sent).

use cognito_wasm::srp::{password_claim, Ephemeral, PasswordChallenge};
use std::time::Instant;

const SRP_B: &str = concat!(
    "a2a9be7148a622a87b92513959336c923ab748fdde47e1eae8e0b4495bfc950e65a4c2cf09ac9ab38c85dbc31100bda6",
    "01bb44d03d8c8a47770cdace442bea4c30ac83df807c2d2dfd6d8b449178c4c558108d141bdd79f8695d40ce25d77b1d",
    "7715a53b0022782b71105710e476b484e7c01d9625eafe4d50aff1808712d4c2636a7bb83b008fb8f398d79c5dfe5907",
    "4ee0df3240253e5719c18b343f49ef5d975d89e2c481628eadca30a90ab6c41d7b9308aa6f6fc618813393ace0f52562",
    "f51f26c3fc3160e9dc99f78e9bc22758eeb7f22c137a962de99a66feb7a23e179a599813c8431c364ee193b64eef9bca0",
    "4117ceba50140bafe1a0aea262c0b9bcde235866da2f1c174063d685ad67f231fcef7dca62a327f6cf2279b5fa17383a",
    "cd1868629d75523e87e14cdb214ea14ce6d47228e350e4d1d451a1238886d6b3dae1d59b79321ab740c995b28c6e03a6",
    "1cf76383ce1906f86389927d3575e751cfe4ab50c1eef52dd79aee69512b88f237bd74d04e8cc72d0ab94c0ad934f26",
);

/// (median, minimum) of the samples.
fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[0])
}

fn main() {
    let ch = PasswordChallenge {
        pool_name: "bBpjKlyj6",
        user_id_for_srp: "username",
        srp_b_hex: SRP_B,
        salt_hex: "8f6a1dad94d7b82c5e3031d21a251b0f",
        secret_block_b64: "c2VjcmV0c3NlY3Jlc3Rzc2VjcmV0cw==",
    };
    let (mut ga, mut claim) = (Vec::new(), Vec::new());
    for run in 0..31u8 {
        let random: Vec<u8> = (0..48u8).map(|i| i.wrapping_mul(151).wrapping_add(run)).collect();
        let t = Instant::now();
        let eph = Ephemeral::new(&random).unwrap();
        ga.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let sig = password_claim(eph, &ch, "password", "Tue Feb 1 03:04:05 UTC 2000").unwrap();
        claim.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(sig.len(), 44);
    }
    let ((ga, ga_min), (claim, claim_min)) = (stats(ga), stats(claim));
    println!("median of 31 (min in brackets), ms:");
    println!("  g^a (384-bit a), Ephemeral::new:      {ga:.3} ({ga_min:.3})");
    println!("  password_claim (g^x + S):             {claim:.3} ({claim_min:.3})");
    println!("  complete sign-in SRP (g^a + g^x + S): {:.3}", ga + claim);
}
