//! Test vectors of cognito-protocol.md §8 (Vector A: alexrudd/cognito-srp; Vector B:
//! simonmcallister0210/cognito-srp-helper), timestamps, errors, and a server-side cross-check.

use super::group::{from_be, hex_decode, hex_encode, pad_hex, to_be, Modulus, Mont, K, K_HEX};
use super::mont::{self, from_mont, one, pow, pow2, r2, sqr, Fe};
use super::vector_b::{
    self, challenge as vb_ch, SALT as VB_SALT, SECRET_BLOCK as VB_SECRET_BLOCK,
    SIGNATURE as VB_SIGNATURE, TIMESTAMP as VB_TIMESTAMP,
};
use super::*;
use crypto_bigint::modular::ConstMontyParams;
use crypto_bigint::U3072;
// Under wasm32 (32-bit limbs) the same tests run in wasm-bindgen-test-runner:
// `cargo test --target wasm32-unknown-unknown --features std --lib srp` (wasm tests need std).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

// ---- helpers --------------------------------------------------------------------------------

fn dec(s: &str) -> U3072 {
    let ten = U3072::from_u8(10);
    s.bytes()
        .fold(U3072::ZERO, |acc, d| acc.wrapping_mul(&ten).wrapping_add(&U3072::from_u8(d - b'0')))
}

fn hex_uint(s: &str) -> U3072 {
    from_be(&hex_decode(s).unwrap()).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn pad_hex_str(s: &str) -> String {
    hex(pad_hex(&hex_decode(s).unwrap()))
}

// ---- vector data ---------------------------------------------------------------------------

const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

// Vector A: a = 1234567890 = 0x499602d2.
const VA_A_SECRET_HEX: &str = "499602d2";
const VA_CH: PasswordChallenge<'static> = PasswordChallenge {
    pool_name: "myPool",
    user_id_for_srp: "test",
    srp_b_hex: "499602d2",
    salt_hex: "499602d2",
    secret_block_b64: "c2VjcmV0c3NlY3Jlc3Rzc2VjcmV0cw==",
};
const VA_TIMESTAMP: &str = "Tue Jul 10 11:01:00 UTC 2018";

const VB_A_HEX: &str = concat!(
    "362be8c4c29e414549c30c6679ddbb556c27717d80c8feec68257bf5edcd855fbd23590841c1f792dd24a09243c00d4f",
    "bb8cc8047fbe1c95da7b467d29269d2db462c6268f10ef5a3c23f71865a54bae6e48523e6a7a9b65d115c66a2f5b4ec5",
    "b7384c9796dc6b2d422ea630e1821104ab05cb4a4f292f991d771be4fdba39bc6ff8dce0f0addaaaf172d908d08544d5",
    "73a2222f1e198caf65f5e6445848ed23b5bbfff0b5bc00ca54b2831a200577220cfe4f5de20b66baffbfc8d3a16af6f6",
    "a7a590e0764ccdf918daf922df1ed0a695702c9bd63a69b09b4c2fb8a3bffee5f89744639607e1920ee006d81f09cba7",
    "682e75be5b407fb5cb1f706c0dbf7a9325b5c56ea53333ba1aecab647beae4b2b44c0912814609560fda8d86e6aff0b2",
    "317e339d2d3b422069d8e68fca8a39c43acb360d4285bb2dd076bb58b41e07be255f349537adaae3bf5260b2c7e066fb",
    "77904ebcee5005cc367f926482f9b405952f50e1182049ac49847a048fca4fbe13c6538eea38132c9bc43c9b05690bb7",
);
const VA_A_DEC: &str = concat!(
    "201282145017923726606741475194106092801981728731401783566729741361544168004201564889361951207457",
    "480155181690804887503931055610865059586914576843232437677406055538577507370856912168890215889564",
    "238321973685221636614452915674402815145842443681079121836272926000592301897355962186917327033513",
    "310106496417743316177107446599440122594660282348932780986965010331491874971914507638053597632500",
    "925349397263419152307903552534159836646273353213759758606928834059456332742124472633230723260940",
    "100833581908977890762232361069606566890096621061087180861088422427001714985764778882204338634194",
    "727570161249416263019138961566061956165548139957372331137757779226058117499761895615248950732521",
    "869955509523312110054657218870156397941770186527673941827860132984417632681481384967512788764452",
    "318175135947035114316906609178410340454436671128714580423861396654726091832872812601776911426105",
    "7445005776403447691297001659393612551419207658913838531096191",
);
const STANDALONE_IKM: &str = concat!(
    "00cf724779a05d41df17a315d188ce565d0bc7a70e6bc4199ad3959a531c6b4ca4b9ac31f639b96391a2f8d28c7d47d9",
    "759fc7a23a59bfb95691147b212b050116cf53fa1a7876ef179003dea92b246bc9584240d3e5a294a158b12cc92642bb",
    "e5c7d854338233f54fd66f10384b3d3e740280017773feb1104696bfe6e0a82ec5ef2fc23fad663f5e945e8644c872d0",
    "5f4ab7961436d0602c961d1619e91b70e451f0769e80b0d6ae80052ed47c3c89f4caae02ff01917f195b8cbea78f895d",
    "a7145646e64b63605a7ffd85de351c06a5a5ffb6eee8b392b4d137726468361bbcf7b4055600002ae7c8c1dd5c545862",
    "f1c4c725c01da795afab3221d322104aecd4d1ab74d5e81eb45cbdb52081b1413a9e8b08e76b961c74cdbdac017d8d22",
    "a24860a674a0cd526e8ff8403caac07c0c720636efd83291ae60ff15cbd0a881f8030495cae0327040855defba70625c",
    "78cf27ea50bcaf0322cac01cf753c5a34269e4e329c9cd388aada7781cf1c552754a0d2d3ce5fe58198a31b7b0ddc515",
    "ad",
);

// ---- group parameters and padHex -----------------------------------------------------------

#[test]
fn k_is_hash_of_padded_n_and_g() {
    let n = hex_decode(N_HEX).unwrap();
    assert_eq!(&pad_hex(&n)[..2], &[0x00, 0xff]); // top bit set: "00" prefix
    let k = sha256(&[pad_hex(&n), &[2]]);
    assert_eq!(hex(&k), K_HEX);
    assert_eq!(
        hex_uint(K_HEX),
        dec("37772559067617796309459009502931177628717927509759535181635788491848250400486")
    );
    assert_eq!(K.resize(), hex_uint(K_HEX));
}

#[test]
fn pad_hex_cases() {
    assert_eq!(pad_hex_str("123abc"), "123abc");
    assert_eq!(pad_hex_str("123abcd"), "0123abcd");
    assert_eq!(pad_hex_str("8123abcd"), "008123abcd");
    assert_eq!(pad_hex_str("0000123abc"), "123abc"); // parsed as an integer
    assert_eq!(pad_hex_str("00ff"), "00ff");
    assert_eq!(pad_hex_str("0"), "00");
    assert_eq!(pad_hex_str("7f"), "7f");
    let u = to_be(&hex_uint("c98b195a479d1a7c70c99dd680f34f5805fe686d0bc716549ff2ed895aa9111"));
    assert_eq!(
        hex(pad_hex(&u[..])),
        "0c98b195a479d1a7c70c99dd680f34f5805fe686d0bc716549ff2ed895aa9111"
    );
}

#[test]
fn hex_round_trip_and_rejects() {
    assert_eq!(hex_encode(&hex_uint("000ABCdef")), "abcdef");
    assert_eq!(hex_encode(&U3072::ZERO), "0");
    assert_eq!(hex_encode(&U3072::MAX).len(), 768);
    assert!(hex_decode("").is_none());
    assert!(hex_decode("12g4").is_none());
    assert!(hex_decode("0x12").is_none());
    assert!(from_be(&[1; 385]).is_none());
}

// ---- Montgomery kernel against crypto-bigint's ConstMontyForm ------------------------------

/// A deterministic stream of 3072-bit values (SHA-256 in counter mode).
fn pseudo_random(seed: u32) -> U3072 {
    let mut bytes = Vec::new();
    for i in 0..12u32 {
        bytes.extend(sha256(&[&seed.to_be_bytes(), &i.to_be_bytes()]));
    }
    U3072::from_be_slice(&bytes)
}

fn n_uint() -> U3072 {
    *<Modulus as ConstMontyParams<{ U3072::LIMBS }>>::MODULUS.as_ref()
}

/// A value whose words are 0, all ones, a lone top bit or pseudo-random, to provoke carries.
/// (Reverting the column-L carry fix in `mont::mul` makes the tests below fail natively.)
fn structured(seed: u32) -> U3072 {
    let r = pseudo_random(1000 + seed);
    let pick = sha256(&[b"pick", &seed.to_be_bytes()]);
    let words: [crypto_bigint::Word; U3072::LIMBS] =
        core::array::from_fn(|i| match (pick[i % 32] >> (2 * (i / 32))) & 3 {
            0 => 0,
            1 => crypto_bigint::Word::MAX,
            2 => 1 << (crypto_bigint::Word::BITS - 1),
            _ => r.as_words()[i],
        });
    U3072::from_words(words)
}

/// Residues to test with: small, edge (0, 1, 2, N−1, N−2, R mod N), carry-heavy, pseudo-random.
fn samples() -> Vec<Mont> {
    let n = n_uint();
    let mut v: Vec<U3072> = vec![
        U3072::ZERO,
        U3072::ONE,
        U3072::from_u8(2),
        n.wrapping_sub(&U3072::ONE),
        n.wrapping_sub(&U3072::from_u8(2)),
        U3072::MAX, // ≥ N: reduced by Mont::new
        U3072::ONE.shl_vartime(3071),
    ];
    v.extend((0..40).map(pseudo_random));
    let mut m: Vec<Mont> = v.iter().map(Mont::new).collect();
    // Structured words in the Montgomery representation itself (what the kernel sees).
    let n = n_uint();
    m.extend((0..60).map(|i| {
        let x = structured(i);
        Mont::from_montgomery(if x >= n { x.wrapping_sub(&n) } else { x })
    }));
    m
}

fn to_mont_(x: &U3072) -> Fe {
    mont::to_mont(x, &r2())
}

fn fe(m: &Mont) -> Fe {
    *m.as_montgomery().as_words()
}

#[test]
fn mont_constants_match_crypto_bigint() {
    assert_eq!(one(), *<Modulus as ConstMontyParams<{ U3072::LIMBS }>>::ONE.as_words());
    assert_eq!(r2(), *<Modulus as ConstMontyParams<{ U3072::LIMBS }>>::R2.as_words());
    assert_eq!(one(), fe(&Mont::ONE));
}

#[test]
fn mont_mul_and_sqr_match_crypto_bigint() {
    let s = samples();
    for x in &s {
        assert_eq!(sqr(&fe(x)), fe(&x.square()));
        for y in &s {
            assert_eq!(mont::mul(&fe(x), &fe(y)), fe(&x.mul(y)));
        }
    }
}

#[test]
fn mont_sub_and_conversions_match_crypto_bigint() {
    let s = samples();
    for x in &s {
        assert_eq!(from_mont(&fe(x)), x.retrieve());
        assert_eq!(to_mont_(&x.retrieve()), fe(x));
        for y in &s {
            assert_eq!(mont::sub(&fe(x), &fe(y)), fe(&x.sub(y)));
        }
    }
    // Unreduced inputs below 2^3072: N, N + 1 and 2^3072 − 1 (B may be sent unreduced).
    let n = n_uint();
    assert_eq!(to_mont_(&n), [0; U3072::LIMBS]);
    assert_eq!(to_mont_(&n.wrapping_add(&U3072::ONE)), one());
    assert_eq!(to_mont_(&U3072::MAX), fe(&Mont::new(&U3072::MAX)));
}

#[test]
fn mont_pow_and_pow2_match_crypto_bigint() {
    let two = Mont::new(&U3072::from_u8(2));
    for seed in 0..6 {
        // Exponents of 384 and 513 bits with varied top bits, and the base a random residue.
        let e384 = pseudo_random(100 + seed).shr_vartime(3072 - 384);
        let e513 = pseudo_random(200 + seed).shr_vartime(3072 - 513);
        let base = Mont::new(&pseudo_random(300 + seed));
        assert_eq!(pow2(&e384, 384), fe(&two.pow(&e384)));
        assert_eq!(pow(&fe(&base), &e513, 513), fe(&base.pow(&e513)));
        assert_eq!(pow(&fe(&base), &e384, 513), fe(&base.pow(&e384)));
    }
    let e = hex_uint(&"9e3779b97f4a7c15f39cc0605cedc834".repeat(3)); // 384 bits
    assert_eq!(pow2(&e, 400), pow2(&e, 384)); // extra leading zero bits are harmless
    assert_eq!(pow2(&U3072::ZERO, 256), one());
    assert_eq!(from_mont(&pow2(&U3072::ONE, 1)), U3072::from_u8(2));
    assert_eq!(pow(&fe(&two), &U3072::ZERO, 8), one());
    assert_eq!(pow(&fe(&two), &U3072::from_u8(15), 4), fe(&two.pow(&U3072::from_u8(15))));
    assert_eq!(pow(&fe(&two), &U3072::from_u8(16), 5), fe(&two.pow(&U3072::from_u8(16))));
}

// ---- Vector A ------------------------------------------------------------------------------

#[test]
fn vector_a_public_a() {
    let eph = Ephemeral::from_secret_hex(VA_A_SECRET_HEX).unwrap();
    assert_eq!(eph.public, dec(VA_A_DEC));
    let a = eph.public_hex();
    assert!(a.starts_with("58b1e37b7ea68150") && a.ends_with("16bf43f82e7f"), "{a}");
    assert_eq!(a.len(), 768);
}

#[test]
fn vector_a_u_has_odd_length_hex() {
    let eph = Ephemeral::from_secret_hex(VA_A_SECRET_HEX).unwrap();
    let u = scramble(&to_be(&eph.public)[..], &hex_decode(VA_CH.srp_b_hex).unwrap()).unwrap();
    assert_eq!(hex_encode(&u), "c98b195a479d1a7c70c99dd680f34f5805fe686d0bc716549ff2ed895aa9111");
    assert_eq!(hex(pad_hex(&to_be(&u)[..])).len(), 64);
}

#[test]
fn vector_a_hkdf_key() {
    let eph = Ephemeral::from_secret_hex(VA_A_SECRET_HEX).unwrap();
    let key = session_key(&eph, &VA_CH, "test").unwrap();
    assert_eq!(hex(&key[..]), "d96cde6c95dda17175c1293140c5a81f");
}

#[test]
fn vector_a_password_claim_signature() {
    assert_eq!(pool_name("eu-west-1_myPool"), VA_CH.pool_name);
    let eph = Ephemeral::from_secret_hex(VA_A_SECRET_HEX).unwrap();
    let sig = password_claim(eph, &VA_CH, "test", VA_TIMESTAMP).unwrap();
    assert_eq!(sig, "tdvQu/Li/qWl8Nni0aFPs+MwY4rvKZm0kSMrGIMSUHk=");
}

#[test]
fn vector_a_secret_hash() {
    assert_eq!(
        secret_hash("clientSecret", "test", "123abd"),
        "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg="
    );
}

#[test]
fn vector_a_standalone_calculate_u() {
    let a = to_be(&hex_uint("6D797365637265746861736841"));
    let b = to_be(&hex_uint("6D797365637265746861736842"));
    assert_eq!(
        scramble(&a[..], &b[..]).unwrap(),
        dec("39743664823761398449876968619416475559594078623923024211668626611155104513539")
    );
}

#[test]
fn vector_a_standalone_sha256_testvalue() {
    assert_eq!(
        hex(&sha256(&[b"testvalue"])),
        "b52ccfce5067e90f4b4f8ec8567eb50f9e10850d6e114a2ea09cb45f753011b9"
    );
}

#[test]
fn vector_a_standalone_hkdf() {
    let ikm = hex_decode(STANDALONE_IKM).unwrap();
    let salt =
        hex_decode("0c98b195a479d1a7c70c99dd680f34f5805fe686d0bc716549ff2ed895aa9111").unwrap();
    // Both are already padHex strings: hash their bytes as given.
    assert_eq!(hex(pad_hex(&ikm)), STANDALONE_IKM);
    let key = derive_key(pad_hex(&ikm), pad_hex(&salt));
    assert_eq!(hex(&key[..]), "d96cde6c95dda17175c1293140c5a81f");
}

// ---- Vector B ------------------------------------------------------------------------------

#[test]
fn vector_b_public_a() {
    let eph = Ephemeral::from_secret(&vector_b::A).unwrap();
    assert_eq!(eph.public_hex(), VB_A_HEX);
}

#[test]
fn vector_b_password_hash() {
    assert_eq!(
        hex(&sha256(&[b"bBpjKlyj6username:password"])),
        "266629fd96baf8f433a4f01562eea59dd99a721dac75ae600e06bc697b2016ff"
    );
}

#[test]
fn vector_b_salt_pads_with_00() {
    assert_eq!(pad_hex_str(VB_SALT), format!("00{VB_SALT}"));
}

#[test]
fn vector_b_hkdf_key() {
    let eph = Ephemeral::from_secret(&vector_b::A).unwrap();
    let key = session_key(&eph, &vb_ch(), vector_b::PASSWORD).unwrap();
    assert_eq!(hex(&key[..]), "5149d993a13efa9422d93707ec85c37b");
}

#[test]
fn vector_b_password_claim_signature() {
    let eph = Ephemeral::from_secret(&vector_b::A).unwrap();
    let sig = password_claim(eph, &vb_ch(), vector_b::PASSWORD, VB_TIMESTAMP).unwrap();
    assert_eq!(sig, VB_SIGNATURE);
}

#[test]
fn vector_b_signature_accepts_url_safe_unpadded_secret_block() {
    let block: String = VB_SECRET_BLOCK
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let ch = PasswordChallenge { secret_block_b64: &block, ..vb_ch() };
    let eph = Ephemeral::from_secret(&vector_b::A).unwrap();
    let sig = password_claim(eph, &ch, vector_b::PASSWORD, VB_TIMESTAMP).unwrap();
    assert_eq!(sig, VB_SIGNATURE);
}

#[test]
fn vector_b_secret_hash() {
    assert_eq!(
        secret_hash(
            "ps50nb7hd1umdnmlt1xa9nwiscqvdvzy5ijw63vcacd09yihc2b",
            "username",
            "EPswPGbpdBLZnh9XW134hK7qYe"
        ),
        "oUkNFqfm7UjLds8vXFWarT1l3gqORGoztf+EyFmoX2Q="
    );
}

// ---- full-size exponents against the server formula ----------------------------------------

/// With a 48-byte a and a server b: v = g^x, B = k·v + g^b, server S = (A·v^u)^b. Both sides
/// must derive the same key (the check an emulator relies on, §8.2).
#[test]
fn full_size_ephemeral_agrees_with_server_formula() {
    let random: Vec<u8> = (0..48u8).map(|i| i.wrapping_mul(37).wrapping_add(101)).collect();
    let eph = Ephemeral::new(&random).unwrap();
    assert_eq!(
        eph.public,
        Mont::new(&U3072::from_u8(2)).pow(&from_be(&random).unwrap()).retrieve()
    );
    // (crypto-bigint's ConstMontyForm computes the server side below, independently of `mont`.)

    let (pool, user, pw, salt) = ("myPool", "someone", "Passw0rd!", "0d1e2f");
    let inner = sha256(&[pool.as_bytes(), user.as_bytes(), b":", pw.as_bytes()]);
    let x = from_be(&sha256(&[pad_hex(&hex_decode(salt).unwrap()), &inner])).unwrap();
    let v = Mont::new(&U3072::from_u8(2)).pow(&x);
    let b = hex_uint(&"5a17c0de".repeat(12));
    let k = Mont::new(&hex_uint(K_HEX));
    let big_b = k.mul(&v).add(&Mont::new(&U3072::from_u8(2)).pow(&b)).retrieve();
    let b_hex = hex_encode(&big_b);
    let u = scramble(&to_be(&eph.public)[..], &to_be(&big_b)[..]).unwrap();
    let s_server = Mont::new(&eph.public).mul(&v.pow(&u)).pow(&b).retrieve();
    let server_key = derive_key(pad_hex(&to_be(&s_server)[..]), pad_hex(&to_be(&u)[..]));

    let ch = PasswordChallenge {
        pool_name: pool,
        user_id_for_srp: user,
        srp_b_hex: &b_hex,
        salt_hex: salt,
        secret_block_b64: "AAEC",
    };
    assert_eq!(session_key(&eph, &ch, pw).unwrap()[..], server_key[..]);
    // A wrong password gives a different key.
    assert_ne!(session_key(&eph, &ch, "passw0rd!").unwrap()[..], server_key[..]);
}

// ---- errors --------------------------------------------------------------------------------

#[test]
fn errors_for_invalid_random() {
    assert_eq!(Ephemeral::new(&[7; 31]).err(), Some(SrpError::InvalidRandom));
    assert_eq!(Ephemeral::new(&[7; 257]).err(), Some(SrpError::InvalidRandom));
    assert_eq!(Ephemeral::new(&[0; 48]).err(), Some(SrpError::InvalidRandom));
    assert!(Ephemeral::new(&[7; 32]).is_ok());
    assert!(Ephemeral::new(&[0xff; 256]).is_ok());
}

#[test]
fn errors_for_invalid_challenge_values() {
    let claim = |ch: PasswordChallenge| {
        password_claim(Ephemeral::from_secret_hex("1234").unwrap(), &ch, "pw", VA_TIMESTAMP)
    };
    let n = N_HEX.to_ascii_lowercase();
    // Not hex, zero, N itself, wider than 3072 bits (so 2N, 3N, ... are refused too).
    for bad_b in ["", "xyz", "0", "0000", &n, &format!("00{}", N_HEX), &"1".repeat(769)] {
        let ch = PasswordChallenge { srp_b_hex: bad_b, ..VA_CH };
        assert_eq!(claim(ch), Err(SrpError::InvalidServerB), "B = {bad_b:.20}");
    }
    for bad_salt in ["", "12 34", "g"] {
        let ch = PasswordChallenge { salt_hex: bad_salt, ..VA_CH };
        assert_eq!(claim(ch), Err(SrpError::InvalidSalt));
    }
    for bad_block in ["", "a", "c2Vj!!", "c2VjcmV0=c3"] {
        let ch = PasswordChallenge { secret_block_b64: bad_block, ..VA_CH };
        assert_eq!(claim(ch), Err(SrpError::InvalidSecretBlock), "{bad_block}");
    }
    // B = N + 1 is 1 mod N: accepted (hashed as sent, used mod N).
    let n_plus_1 = hex_encode(&hex_uint(&n).wrapping_add(&U3072::ONE));
    assert!(claim(PasswordChallenge { srp_b_hex: &n_plus_1, ..VA_CH }).is_ok());
    // Leading zeros and upper case in B and SALT do not change the result.
    let ch = PasswordChallenge { srp_b_hex: "00499602D2", salt_hex: "0000499602D2", ..VA_CH };
    let eph = Ephemeral::from_secret_hex(VA_A_SECRET_HEX).unwrap();
    assert_eq!(
        password_claim(eph, &ch, "test", VA_TIMESTAMP).unwrap(),
        "tdvQu/Li/qWl8Nni0aFPs+MwY4rvKZm0kSMrGIMSUHk="
    );
}

#[test]
fn pool_name_is_after_underscore() {
    assert_eq!(pool_name("eu-west-1_myPool"), "myPool");
    assert_eq!(pool_name("eu-west-2_bBpjKlyj6"), "bBpjKlyj6");
    assert_eq!(pool_name("noUnderscore"), "noUnderscore");
}

// ---- TIMESTAMP -----------------------------------------------------------------------------

#[test]
fn timestamp_protocol_examples() {
    assert_eq!(timestamp(1_725_350_829), "Tue Sep 3 08:07:09 UTC 2024");
    assert_eq!(timestamp(1_531_220_460), VA_TIMESTAMP);
    assert_eq!(timestamp(949_374_245), VB_TIMESTAMP);
}

#[test]
fn timestamp_uses_24_hour_clock() {
    assert_eq!(timestamp(1_725_407_999), "Tue Sep 3 23:59:59 UTC 2024");
    assert_eq!(timestamp(1_704_044_701), "Sun Dec 31 17:45:01 UTC 2023");
    assert_eq!(timestamp(1_725_321_600 + 12 * 3600), "Tue Sep 3 12:00:00 UTC 2024");
}

#[test]
fn timestamp_leap_years() {
    assert_eq!(timestamp(951_829_200), "Tue Feb 29 13:00:00 UTC 2000"); // 400-year rule
    assert_eq!(timestamp(1_709_209_805), "Thu Feb 29 12:30:05 UTC 2024");
    assert_eq!(timestamp(1_709_209_805 + 86_400), "Fri Mar 1 12:30:05 UTC 2024");
}

#[test]
fn timestamp_first_and_last_day_of_month() {
    assert_eq!(timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
    assert_eq!(timestamp(1_704_067_200), "Mon Jan 1 00:00:00 UTC 2024");
    assert_eq!(timestamp(1_704_067_199), "Sun Dec 31 23:59:59 UTC 2023");
    assert_eq!(timestamp(2_147_483_648), "Tue Jan 19 03:14:08 UTC 2038");
}

#[test]
fn timestamp_year_2100_is_not_leap() {
    assert_eq!(timestamp(4_102_430_400), "Thu Dec 31 20:00:00 UTC 2099");
    assert_eq!(timestamp(4_107_542_399), "Sun Feb 28 23:59:59 UTC 2100");
    assert_eq!(timestamp(4_107_542_400), "Mon Mar 1 00:00:00 UTC 2100");
}

/// Device verifiers made by aws-amplify 6.22's own `AuthenticationHelper.generateHashDevice`
/// (random password and salt as it drew them; script in the test's comment), for
/// `DeviceGroupKey` "-grpKey123" and `DeviceKey` "us-east-1_0f3e2d1c-aaaa-bbbb-cccc-1234567890ab".
/// One salt has its top bit set (padHex adds "00"), one not; one verifier starts with "00",
/// one with a zero nibble.
///
/// ```js
/// const h = await getAuthenticationHelper('x'); // @aws-amplify/auth …/utils/srp
/// await h.generateHashDevice(groupKey, deviceKey);
/// [h.getRandomPassword(), h.getSaltToHashDevices(), h.getVerifierDevices()]
/// ```
#[test]
fn device_verifier_matches_amplify() {
    let (group, device) = ("-grpKey123", "us-east-1_0f3e2d1c-aaaa-bbbb-cccc-1234567890ab");
    let cases = [
        (
            "0k43OhiuECvaoThhl8ZH1uSL8FtRqyb/xdXDzN6r3PZq9qUSASoISg==",
            "00b81312b1fc2bc32359c7fe5d03e86e8d",
            "00a36bf04d169bbd5ffcc13daf2cce3d9cd632a470943b61c1e2c579d7e514bfd26d2abb5d6fc851d8dde21ac6a368ccda7a77316d6c631769ebcdfc130e3727ce46435d4e464d03bf30f977c006eb45bac44911553601e192394cdad397eb47612378f69a586fa2931bac06a154cd41e9fd3e6d5d39e725803806f2d2657fdeb4defe3842b07247702786b62c83d6a795728c7c5d4500143c0c39a8de224c9f7a2a864d217a12bec5c6c0c8a914760c6c9e10bd20c1fe1d5a1780d3f8bd733bc459d41b29c81f9fd9295f8a0390870f1edff3cf2622114ab69d7125f3b5cdc618c6c9b888e1287b90faf02dc8368e17fe2ca2acce29407e8e19a3a9cf1ec67036039714b43d0eba8d19c0163285b809cfdaa9f350dcacb47236846653ab40b83ef49c8510e91dd68dc484c91585327d476f53f4ec19d526ea93720d73f2ea102239087a0655a8df7af851b8d25f7b9e595afc39c9596e569c2ee4a9b66ef71351331eebae3a890309c27584c239109760f5952446bb88561e316deccaa9c3c67f",
        ),
        (
            "Zeuy+Vq0C2nHDF5OC5Bd24Jd4pe1me+1fYl6i4bGHnZmqs/RCTfpeg==",
            "6e55593d68b78d46c5eb8f618e3a5bf5",
            "0a596639ef7aa6012d452eeede0b335ee7afadf98112999abb282be7f59af0e8f93d3a0e8214660964b8e4d97f2f3169fd35599b2d501cd78e7468e4ffc6113a183b2fb0980615d50b50d4243abfc0f1baedd69bfb390874d9f64264aa24a2e9ec84f6ad32f8c4bfd3ba5a3ffcb1b9c88e940fa9e8cdb69d70b4e76a63489c6c293e4c5ad35e95cdf91c6abee47d40451681806d75189e513a6f297c55c69534e44d3e44cc855302584af782f3a3767fb6981768f802997c4530192c48eadb513b84b30fd6d226bfbe6fa990be18ac958eb0b0869cfbeab655034c58cf98d2b0295ff0f8fa1060ec24be697f37ca6ff19ac37087ffbef118dc85f166c50646e905cfe5776cd3d0c8a52fc3ab07548c53cbb76adb0bedf08232f7138b0a83d7ebd3003038f774f54e940e14e6ac734cd7a07ba97123d346c2460bd236ff61b556cadf011e6b96fdada0f21a7d125976a11cb48f27859c93d62017d9cff883075c06f771181ac19c753ccf5d2c0db089bfef0a233af03a4a73c8417a8d8ad2b4e5",
        ),
    ];
    for (password, salt, verifier) in cases {
        let raw = hex_decode(salt).unwrap();
        let mut random = [0u8; 16];
        random.copy_from_slice(&raw[raw.len() - 16..]);
        let v = device_verifier(group, device, password, &random);
        assert_eq!(hex(&v.salt), salt);
        assert_eq!(hex(&v.verifier), verifier);
    }
    // Another password, group or key gives another verifier.
    let mut random = [7u8; 16];
    let a = device_verifier(group, device, "p", &random);
    assert_ne!(a, device_verifier(group, device, "q", &random));
    assert_ne!(a, device_verifier("-other", device, "p", &random));
    random[0] = 8;
    assert_ne!(a.salt, device_verifier(group, device, "p", &random).salt);
}
