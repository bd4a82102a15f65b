using HealthMesh.Contracts;
using HealthMesh.Deidentification.Vault;

namespace HealthMesh.WriteBack.Reidentification;

/// <summary>
/// Restores real values in the approved note from the workflow's re-identification vault, just before the write:
/// every sentence and title is restored where surrogates stand. The note's de-identified sources and evidence are
/// dropped: they describe the surrogate text and have no place in the chart.
/// </summary>
public sealed class VaultNoteReidentifier(IReidentificationVaultReader vaults) : INoteReidentifier
{
    public async Task<StructuredNote> ReidentifyAsync(Guid workflowId, StructuredNote note, CancellationToken cancellationToken)
    {
        var vault = await vaults.ReadAsync(workflowId, cancellationToken);

        return note with
        {
            Title = vault.Restore(note.Title),
            Sections = [.. note.Sections.Select(section => section with
            {
                Title = vault.Restore(section.Title),
                Sentences = [.. section.Sentences.Select(sentence => sentence with { Text = vault.Restore(sentence.Text), Evidence = [] })],
            })],
            Codes = [.. note.Codes.Select(code => code with { Evidence = [] })],
            Sources = [],
        };
    }
}
