namespace HealthMesh.Deidentification.Engine;

/// <summary>
/// The context document cannot be de-identified as it is (not a Bundle, no Patient, a malformed value). Retrying
/// cannot help, so the message faults at once. The reason never quotes the offending value: it may be PHI.
/// </summary>
public sealed class ClinicalContextRejectedException(string reason) : Exception(reason);
