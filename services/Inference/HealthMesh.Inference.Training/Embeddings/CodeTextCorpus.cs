using HealthMesh.Summarization.Coding;

namespace HealthMesh.Inference.Training.Embeddings;

/// <summary>
/// The text-embedding model's training data, all the project's own and redistributable: each billable code of the
/// shipped ICD-10-CM starter table is a class whose prototype is its long description; its anchors are its short
/// description and the clinical-term dictionary's phrases for it ("HTN", "high blood pressure" → I10). Every third
/// phrase of a code that has three or more is held out (in file order) to score retrieval of phrases never trained on.
/// </summary>
public sealed record CodeTextCorpus(IReadOnlyList<string> Codes, IReadOnlyList<string> Prototypes, IReadOnlyList<(string Text, int Code)> Training, IReadOnlyList<(string Text, int Code)> HeldOut)
{
    public static CodeTextCorpus Read(string codeTablePath, string dictionaryPath)
    {
        var table = Icd10CodeTable.Parse(File.ReadAllText(codeTablePath));
        var dictionary = ClinicalTermDictionary.Parse(File.ReadAllText(dictionaryPath));
        var billable = table.Codes.Where(c => c.Billable).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        var index = billable.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var training = new List<(string, int)>();
        var heldOut = new List<(string, int)>();
        foreach (var code in billable)
        {
            var phrases = new List<string>();
            if (!code.ShortDescription.Equals(code.LongDescription, StringComparison.OrdinalIgnoreCase))
            {
                phrases.Add(code.ShortDescription);
            }

            phrases.AddRange(dictionary.Terms.Where(t => t.Code == code.Code).Select(t => t.Term));
            for (var p = 0; p < phrases.Count; p++)
            {
                (phrases.Count >= 3 && p % 3 == 2 ? heldOut : training).Add((phrases[p], index[code.Code]));
            }
        }

        return new CodeTextCorpus([.. billable.Select(c => c.Code)], [.. billable.Select(c => c.LongDescription)], training, heldOut);
    }
}
