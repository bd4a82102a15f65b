namespace HealthMesh.Intake.Journal;

/// <summary>Stored as text in <c>intake_journal.outcome</c>.</summary>
public enum IntakeEntryState
{
    /// <summary>Recorded, not yet handed to the broker. A redelivery of the same event picks it up again.</summary>
    Pending,

    Published,

    Duplicate,

    Ignored,

    /// <summary>Refused as bad input; a redelivery is evaluated afresh (the EHR may have corrected the data).</summary>
    Rejected,
}
