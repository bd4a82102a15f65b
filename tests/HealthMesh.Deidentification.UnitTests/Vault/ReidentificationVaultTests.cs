using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.UnitTests.Engine;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using HealthMesh.Deidentification.Vault;

namespace HealthMesh.Deidentification.UnitTests.Vault;

public sealed class ReidentificationVaultTests
{
    [Fact]
    public void Restores_the_original_note_text_except_generalised_geography()
    {
        var original = ContextDeidentifierTests.NoteText(Fixtures.Bundle(Fixtures.EncounterContext));
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), Guid.NewGuid());
        var deidentified = ContextDeidentifierTests.NoteText(result.Bundle);

        var restored = result.Vault.Restore(deidentified).Split('\n');
        var originalLines = original.Split('\n');

        Assert.Equal(originalLines.Length, restored.Length);
        for (var i = 0; i < originalLines.Length; i++)
        {
            // Addresses, cities and ZIP codes are generalised, not replaced by surrogates: they cannot come back.
            if (!originalLines[i].Contains("Quincy", StringComparison.Ordinal))
            {
                Assert.Equal(originalLines[i], restored[i]);
            }
        }
    }

    [Fact]
    public void Survives_its_json_round_trip()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), Guid.NewGuid());
        var reloaded = ReidentificationVault.FromJson(result.Vault.ToJson());
        var deidentified = ContextDeidentifierTests.NoteText(result.Bundle);

        Assert.Equal(result.Vault.Restore(deidentified), reloaded.Restore(deidentified));
        Assert.Equal(result.Vault.DateShiftDays, reloaded.DateShiftDays);
        Assert.Equal(result.Vault.References, reloaded.References);
    }

    [Fact]
    public void Replaces_longest_surrogates_first_and_whole_words_only()
    {
        var vault = new ReidentificationVault(
            Guid.NewGuid(),
            10,
            [
                new VaultEntry("Ash", "Lee", SurrogateKind.FamilyName),
                new VaultEntry("Ashcombe", "Marsh", SurrogateKind.FamilyName),
                new VaultEntry("01/19/2025", "03/12/2024", SurrogateKind.Date),
            ],
            new Dictionary<string, string>());

        Assert.Equal("Mrs. Marsh met Lee (Ashes) on 03/12/2024.", vault.Restore("Mrs. Ashcombe met Ash (Ashes) on 01/19/2025."));
    }

    [Fact]
    public void An_unknown_reference_is_an_error_naming_it()
    {
        var vault = new ReidentificationVault(Guid.NewGuid(), 1, [], new Dictionary<string, string> { ["Patient/abc"] = "Patient/1" });

        Assert.Equal("Patient/1", vault.RestoreReference("Patient/abc"));
        var error = Assert.Throws<KeyNotFoundException>(() => vault.RestoreReference("Patient/zzz"));
        Assert.Contains("Patient/zzz", error.Message);
    }
}
