using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Documents;

/// <summary>
/// Keys for PHI documents at rest. Section <c>HealthMesh:Documents</c>. Rotation: add a new key, make it active;
/// documents written under older keys stay readable while their key is listed.
/// </summary>
public sealed class DocumentsOptions
{
    public const string SectionName = "HealthMesh:Documents";

    /// <summary>Key id → base64 of a 256-bit AES key.</summary>
    [Required]
    [MinLength(1, ErrorMessage = "HealthMesh:Documents:EncryptionKeys needs at least one key (id → base64 of 32 random bytes).")]
    public Dictionary<string, string> EncryptionKeys { get; set; } = [];

    /// <summary>The key id new PHI documents are encrypted with.</summary>
    [Required(ErrorMessage = "HealthMesh:Documents:ActiveKeyId is required.")]
    public string ActiveKeyId { get; set; } = string.Empty;
}
