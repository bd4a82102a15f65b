using System.ComponentModel.DataAnnotations;
using HealthMesh.Deidentification.FreeText;

namespace HealthMesh.Deidentification;

/// <summary>Settings of the de-identification engine. Section <c>HealthMesh:Deidentification</c>.</summary>
public sealed class DeidentificationOptions : IValidatableObject
{
    public const string SectionName = "HealthMesh:Deidentification";

    /// <summary>
    /// Base64 of at least 32 random bytes: the HMAC-SHA256 key behind every pseudonym, surrogate choice and date offset.
    /// Required, never defaulted: a made-up key would silently change every pseudonym after a restart.
    /// </summary>
    [Required(ErrorMessage = "HealthMesh:Deidentification:HmacKey is required (base64 of at least 32 random bytes).")]
    public string HmacKey { get; set; } = string.Empty;

    /// <summary>Largest per-patient date shift in days, either direction. Default 365.</summary>
    [Range(1, 3650)]
    public int MaxDateShiftDays { get; set; } = 365;

    /// <summary>Characters kept from the keyed hash in a pseudonymised identifier or resource id. Default 16.</summary>
    [Range(10, 40)]
    public int PseudonymLength { get; set; } = 16;

    /// <summary>
    /// A de-identification profile file (JSON, see the README) used instead of the embedded Safe Harbor profile.
    /// Default: none, the embedded profile. Read and validated at start-up.
    /// </summary>
    public string? ProfilePath { get; set; }

    /// <summary>What PHI in free text becomes: <c>Surrogates</c> (default; write-back restores them) or <c>Tags</c> (<c>[NAME]</c>, <c>[DATE]</c>...).</summary>
    [EnumDataType(typeof(FreeTextReplacement))]
    public FreeTextReplacement FreeTextReplacement { get; set; } = FreeTextReplacement.Surrogates;

    public byte[] GetHmacKeyBytes() => Convert.FromBase64String(HmacKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProfilePath is { Length: > 0 } profilePath && !File.Exists(profilePath))
        {
            yield return new ValidationResult(
                $"HealthMesh:Deidentification:ProfilePath names a file that does not exist: '{profilePath}'.",
                [nameof(ProfilePath)]);
        }

        if (string.IsNullOrWhiteSpace(HmacKey))
        {
            yield break;
        }

        byte[]? key = null;
        try
        {
            key = Convert.FromBase64String(HmacKey);
        }
        catch (FormatException)
        {
        }

        if (key is null || key.Length < 32)
        {
            yield return new ValidationResult(
                "HealthMesh:Deidentification:HmacKey must be base64 of at least 32 bytes.",
                [nameof(HmacKey)]);
        }
    }
}
