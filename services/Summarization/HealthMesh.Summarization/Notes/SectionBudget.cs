namespace HealthMesh.Summarization.Notes;

/// <summary>
/// How much narrative one section may show: at most <paramref name="Sentences"/> sentences and
/// <paramref name="Characters"/> characters, filled in rank order. Sentences that must stay (a coded problem's
/// evidence, a critical finding) are kept beyond it.
/// </summary>
public sealed record SectionBudget(int Sentences, int Characters)
{
    public SectionBudget Times(int factor) => new(Sentences * factor, Characters * factor);
}
