using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;

namespace Paylent.ArchitectureTests;

public sealed class ConventionTests
{
    private static readonly Mono.Cecil.AssemblyDefinition Application = Architecture.Load(typeof(IDispatcher));

    [Fact]
    public void Handlers_are_not_public()
    {
        var handlers = Architecture.Types(Application).Where(t => !t.IsInterface && Architecture.Implements(t, "MediatR.IRequestHandler`2")).ToList();

        Assert.NotEmpty(handlers);
        Assert.Empty(handlers.Where(Architecture.IsVisibleOutsideAssembly).Select(t => t.FullName));
    }

    [Fact]
    public void Validators_end_in_Validator_and_are_not_public()
    {
        var validators = Architecture.Types(Application).Where(t => Architecture.DerivesFrom(t, "FluentValidation.AbstractValidator`1")).ToList();

        Assert.NotEmpty(validators);
        Assert.Empty(validators.Where(t => !t.Name.EndsWith("Validator", StringComparison.Ordinal)).Select(t => t.FullName));
        Assert.Empty(validators.Where(Architecture.IsVisibleOutsideAssembly).Select(t => t.FullName));
    }

    [Fact]
    public void Requests_are_immutable_records()
    {
        var requests = Architecture.Types(Application)
            .Where(t => Architecture.Implements(t, "MediatR.IRequest`1") && !t.IsInterface)
            .ToList();

        Assert.NotEmpty(requests);
        Assert.Empty(requests
            .Where(t => t.Methods.All(m => m.Name != "<Clone>$") || t.Properties.Any(p => p.SetMethod is { IsPublic: true } set && !IsInitOnly(set)))
            .Select(t => t.FullName));
    }

    [Fact]
    public void Domain_classes_are_sealed_or_abstract()
    {
        var open = Architecture.Types(Architecture.Load(typeof(Entity)))
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !t.IsInterface && !t.IsValueType && !t.IsNested)
            .Select(t => t.FullName);

        Assert.Empty(open);
    }

    private static bool IsInitOnly(Mono.Cecil.MethodDefinition setter) =>
        setter.ReturnType is Mono.Cecil.RequiredModifierType modifier && modifier.ModifierType.Name == "IsExternalInit";
}
