using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.WriteBack.Reidentification;

namespace HealthMesh.WriteBack.UnitTests.Reidentification;

/// <summary>
/// A real implementation of the seam over the test vault: every surrogate in the note's title, sentences and code
/// displays is replaced by its original. The product binds the de-identification service's vault instead.
/// </summary>
public sealed class VaultNoteReidentifier(IClinicalDocumentStore documents) : INoteReidentifier
{
    public async Task<StructuredNote> ReidentifyAsync(Guid workflowId, StructuredNote note, CancellationToken cancellationToken)
    {
        var vault = await documents.GetJsonAsync<TestVault>(TestVault.ReferenceFor(workflowId), cancellationToken);
        string Restore(string text) => vault.Entries.Aggregate(text, (current, entry) => current.Replace(entry.Surrogate, entry.Original, StringComparison.Ordinal));

        return note with
        {
            Title = Restore(note.Title),
            Sections = note.Sections
                .Select(s => s with { Title = Restore(s.Title), Sentences = s.Sentences.Select(x => x with { Text = Restore(x.Text) }).ToList() })
                .ToList(),
            Codes = note.Codes.Select(c => c with { Display = Restore(c.Display) }).ToList(),
        };
    }
}
