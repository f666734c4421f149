//! The fuzz task on a fresh clone: its corpus folder is made when missing,
//! every seed folder it names exists, and the mutated target compiles in
//! every fixture spec.

use xtask::fuzz::{TARGETS, fuzz_dir, prepare};

#[test]
fn every_target_gets_its_corpus_folder_and_existing_seed_folders() {
    for (target, seeds) in TARGETS {
        let args = prepare(target, 5).expect("the target is known");
        let corpus = fuzz_dir().join("corpus").join(target);
        assert!(corpus.is_dir(), "{} was not made", corpus.display());
        for seed in *seeds {
            assert!(fuzz_dir().join(seed).is_dir(), "seed folder {seed} of {target} does not exist");
            assert!(args.contains(&seed.to_string()), "{args:?} leaves out {seed}");
        }
        assert_eq!(args.last().map(String::as_str), Some("-max_total_time=5"));
    }
    assert!(prepare("no_such_target", 5).is_err());
}

#[test]
fn the_mutated_target_starts_from_every_fixture_spec() {
    let target = std::fs::read_to_string(fuzz_dir().join("fuzz_targets/generate_mutated.rs")).expect("the target");
    let specs = std::fs::read_dir(fuzz_dir().join("../fixtures/specs")).expect("the fixture specs");
    let mut missing = Vec::new();
    for spec in specs {
        let name = spec.expect("an entry").file_name().to_string_lossy().to_string();
        if !target.contains(&format!("include_str!(\"../../fixtures/specs/{name}\")")) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "add to SEEDS in fuzz_targets/generate_mutated.rs: {missing:?}");
}
