namespace HealthMesh.Summarization.Notes;

/// <summary>The de-identified context cannot be summarised as it is; retrying cannot help.</summary>
public sealed class ClinicalNoteInputException(string reason) : Exception(reason);
