namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>Queue names for the commands of the note workflow. Commands are sent here; events are published.</summary>
public static class KnownQueues
{
    public const string DeidentifyClinicalContext = "deidentify-clinical-context";
    public const string DraftClinicalNote = "draft-clinical-note";
    public const string WriteBackClinicalNote = "write-back-clinical-note";
    public const string PurgeReidentificationData = "purge-reidentification-data";
    public const string ClinicalNoteWorkflow = "clinical-note-workflow";
    public const string CheckPatientConsent = "check-patient-consent";

    /// <summary>The queues whose limits <c>HealthMesh:Transport:Endpoints:{queue}</c> can set.</summary>
    public static readonly IReadOnlyList<string> WorkflowQueues =
        [DeidentifyClinicalContext, DraftClinicalNote, WriteBackClinicalNote, ClinicalNoteWorkflow];
}
