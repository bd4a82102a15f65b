namespace HealthMesh.Intake.Consent;

/// <summary>How the decisions of several applicable Consents of one patient combine.</summary>
public enum ConsentCombination
{
    /// <summary>
    /// The most recent Consent (<c>dateTime</c>, else <c>meta.lastUpdated</c>) decides; a tie between a permit and a deny
    /// is a deny. A patient who opts out and later opts back in records a new Consent, and EHRs do not always set the
    /// earlier one inactive: the latest recorded choice is the one the patient made.
    /// </summary>
    NewestWins,

    /// <summary>Any applicable deny decides, whatever its date: for registries that never supersede a Consent by a newer one.</summary>
    DenyWins,
}
