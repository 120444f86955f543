//! Times an author writes into an entry (`event_time`, `committed_at`,
//! `claimed_at`, `due_date`) are only claims: validation cannot read a clock
//! and the author sets their own action timestamps. So each stated time is
//! tied to the action's own timestamp (author-stated times cannot be
//! validated against a clock): it may differ from it by at
//! most [`MAX_STATED_TIME_SKEW_SECONDS`], the time a coordinator takes
//! between reading its clock and committing. The UI shows the action's
//! timestamp, which the network orders, beside what was stated.
use hdi::prelude::*;

/// How far a stated time may lie from its action's timestamp, in seconds.
pub const MAX_STATED_TIME_SKEW_SECONDS: i64 = 300;

/// `stated` (microseconds since the epoch) lies within
/// [`MAX_STATED_TIME_SKEW_SECONDS`] of `action_time`. `Err` is
/// "<entity> <field> must be within 300 s of the action's timestamp".
pub fn check_stated_time(entity: &str, field: &str, stated: Timestamp, action_time: Timestamp) -> Result<(), String> {
    let skew = stated.0.saturating_sub(action_time.0).saturating_abs();
    if skew > MAX_STATED_TIME_SKEW_SECONDS * 1_000_000 {
        return Err(format!(
            "{entity} {field} must be within {MAX_STATED_TIME_SKEW_SECONDS} s of the action's timestamp (when it was recorded)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_times_stay_near_the_action() {
        let now = Timestamp(1_700_000_000_000_000);
        assert_eq!(check_stated_time("EconomicEvent", "event_time", Timestamp(now.0 - 299_000_000), now), Ok(()));
        assert_eq!(
            check_stated_time("EconomicEvent", "event_time", Timestamp(0), now),
            Err("EconomicEvent event_time must be within 300 s of the action's timestamp (when it was recorded)".into())
        );
        assert!(check_stated_time("Claim", "claimed_at", Timestamp(now.0 + 9_000_000_000_000), now).is_err());
    }
}
