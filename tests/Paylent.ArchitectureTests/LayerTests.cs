using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.Web.Hosting;

namespace Paylent.ArchitectureTests;

public sealed class LayerTests
{
    [Fact]
    public void Domain_depends_on_no_other_layer_and_no_framework_package()
    {
        var domain = Architecture.Load(typeof(Entity));

        Assert.Empty(Architecture.PaylentReferences(domain));
        Assert.DoesNotContain(domain.MainModule.AssemblyReferences, r =>
            r.Name.StartsWith("Microsoft.", StringComparison.Ordinal) || r.Name.StartsWith("MediatR", StringComparison.Ordinal));
    }

    [Fact]
    public void Application_depends_only_on_the_domain()
    {
        Assert.Equal(["Paylent.Domain"], Architecture.PaylentReferences(Architecture.Load(typeof(IDispatcher))));
    }

    [Fact]
    public void Infrastructure_does_not_depend_on_the_web_host()
    {
        Assert.DoesNotContain("Paylent.Web", Architecture.PaylentReferences(Architecture.Load(typeof(PaylentDbContext))));
    }

    [Fact]
    public void The_reference_rule_sees_a_forbidden_reference()
    {
        // This test assembly references the web host, as a layer that broke the rule would.
        Assert.Contains("Paylent.Web", Architecture.PaylentReferences(Architecture.Load(typeof(LayerTests))));
        Assert.NotNull(typeof(HostKind));
    }
}
