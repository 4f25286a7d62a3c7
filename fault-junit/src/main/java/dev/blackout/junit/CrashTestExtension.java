package dev.blackout.junit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a {@link CrashTest} method once per model, named {@code [model]}, with a {@link
 * CrashRunner} for that model. The test's evidence (its one recording) lives in the method's
 * context store and is closed with it, after the last invocation.
 */
final class CrashTestExtension implements TestTemplateInvocationContextProvider {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CrashTestExtension.class);

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, CrashTest.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    CrashTest annotation = AnnotationSupport.findAnnotation(method, CrashTest.class).orElseThrow();
    if (annotation.models().length == 0) {
      throw new IllegalArgumentException("@CrashTest on " + method.getName()
          + " names no model; give models = {\"ext4-ordered\", ...}");
    }
    Settings settings = Settings.resolve(context::getConfigurationParameter, annotation);
    return settings.models().stream().map(m -> new Invocation(m, settings));
  }

  private record Invocation(String model, Settings settings)
      implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + model + "]";
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Runner(model, settings, new CrashRunner[1]));
    }
  }

  /** Hands the runner to the method and checks that it was used. */
  private record Runner(String model, Settings settings, CrashRunner[] made)
      implements ParameterResolver, AfterTestExecutionCallback {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == CrashRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      if (made[0] == null) {
        Class<?> testClass = e.getRequiredTestClass();
        String method = e.getRequiredTestMethod().getName();
        ExtensionContext.Store store = e.getParent().orElse(e).getStore(NAMESPACE);
        made[0] = new CrashRunner(model, settings, testClass, method,
            call -> store.getOrComputeIfAbsent("evidence-" + call,
                k -> Evidence.open(settings, testClass, method, call), Evidence.class), e);
      }
      return made[0];
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
      if (context.getExecutionException().isEmpty() && (made[0] == null || !made[0].used())) {
        throw new AssertionFailedError("@CrashTest method "
            + context.getRequiredTestMethod().getName()
            + " never called verify(scenario) on its CrashRunner parameter, so nothing was tested");
      }
    }
  }
}
