namespace HealthMesh.Inference.Generation;

/// <summary>
/// The draft a generative model may write, as compact JSON in fixed key order:
/// <c>{"title":"…","sections":[{"code":"subjective|objective|assessment|plan|findings|impression","sentences":["…",…]},…]}</c>.
/// Strings allow any character but a quote, backslash or control character, and the escapes \" \\ \/ \n \t.
/// Every text this grammar accepts parses as JSON with that shape; each sentence must then pass the grounding check.
/// </summary>
public static class StructuredNoteGrammar
{
    public static readonly string[] SectionCodes = ["subjective", "objective", "assessment", "plan", "findings", "impression"];

    public static CharacterGrammar Create()
    {
        var g = new CharacterGrammar();
        CharacterGrammar.Fragment String() => g.Sequence(
            g.Literal("\""),
            g.ZeroOrMore(g.Choice(
                g.Character(c => c != '"' && c != '\\' && !char.IsControl(c), 'a'),
                g.Sequence(g.Literal("\\"), g.Character(c => c is '"' or '\\' or '/' or 'n' or 't', 'n')))),
            g.Literal("\""));
        CharacterGrammar.Fragment Sentences() => g.Choice(g.Literal(""), g.Sequence(String(), g.ZeroOrMore(g.Sequence(g.Literal(","), String()))));
        CharacterGrammar.Fragment Section() => g.Sequence(
            g.Literal("{\"code\":\""),
            g.Choice([.. SectionCodes.Select(g.Literal)]),
            g.Literal("\",\"sentences\":["),
            Sentences(),
            g.Literal("]}"));
        var root = g.Sequence(
            g.Literal("{\"title\":"),
            String(),
            g.Literal(",\"sections\":["),
            Section(),
            g.ZeroOrMore(g.Sequence(g.Literal(","), Section())),
            g.Literal("]}"));
        return g.Complete(root);
    }
}
