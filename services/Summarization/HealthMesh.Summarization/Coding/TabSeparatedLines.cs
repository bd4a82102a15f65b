namespace HealthMesh.Summarization.Coding;

/// <summary>The shipped tab-separated tables: one record a line, blank lines and <c>#</c> comments skipped.</summary>
public static class TabSeparatedLines
{
    /// <returns>Each record's fields with its 1-based line number, for error messages that point at the line.</returns>
    public static IEnumerable<(int LineNumber, string[] Fields)> Read(string content)
    {
        var lineNumber = 0;
        foreach (var raw in content.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return (lineNumber, line.Split('\t'));
            }
        }
    }
}
