using System.Globalization;

namespace HealthMesh.Summarization;

/// <summary>Names of the per-workflow documents this service reads and writes (see the context Bundle hand-off).</summary>
public static class KnownDocumentNames
{
    /// <summary>The de-identified context Bundle written by De-identification.</summary>
    public const string DeidentifiedContext = "context-deid";

    /// <summary>The draft <c>StructuredNote</c> of a revision (de-identified JSON).</summary>
    public static string Draft(int revision) => string.Create(CultureInfo.InvariantCulture, $"draft-r{revision}");
}
