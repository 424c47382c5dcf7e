namespace Paylent.ArchitectureTests;

internal static class Expect
{
    /// <summary>Fails naming every violating type (xunit's collection message stops after five).</summary>
    public static void None(IReadOnlyList<string> violations)
    {
        if (violations.Count > 0)
        {
            Assert.Fail($"{violations.Count} type(s) break the rule:\n  {string.Join("\n  ", violations)}");
        }
    }
}
