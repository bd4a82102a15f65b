using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// The re-identification vault's own key ring and retention. Section <c>HealthMesh:Vault</c>. Only de-identification
/// (which seals vaults) and write-back (which opens them) are given these keys; no other service has them, so the vault
/// table is unreadable with any other service's configuration, the document keys included.
/// Rotation: add a key, make it active; vaults sealed under an older key stay readable while it is listed, and the
/// maintenance job re-encrypts them under the active key (after which the old key can go).
/// </summary>
public sealed class VaultOptions
{
    public const string SectionName = "HealthMesh:Vault";

    /// <summary>Key id → base64 of a 256-bit AES key. Required, never defaulted (a made-up key would lose every vault at restart).</summary>
    [Required]
    [MinLength(1, ErrorMessage = "HealthMesh:Vault:Keys needs at least one key (id → base64 of 32 random bytes).")]
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>The key id new vaults are sealed with, and older ones re-encrypted to.</summary>
    [Required(ErrorMessage = "HealthMesh:Vault:ActiveKeyId is required.")]
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>
    /// How long a vault that was never written back is kept (default 30 days): after that a maintenance pass purges it
    /// and a late approval of that note fails with the reason. Notes written back purge their vault at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the maintenance pass runs (purge past retention, re-encrypt under the active key). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);
}
