/** A page inside the shell: its title (announced as the document title too), actions, then content. */
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

interface PageProps {
  title: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
  narrow?: boolean;
  children: ComponentChildren;
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Parley`;
  }, [title]);
}

export function Page({ title, description, actions, narrow, children }: PageProps) {
  useDocumentTitle(title);
  return (
    <div class={`page ${narrow ? "page-narrow" : ""}`}>
      <header class="page-header">
        <div>
          <h1>{title}</h1>
          {description && <p>{description}</p>}
        </div>
        {actions && <div class="cluster">{actions}</div>}
      </header>
      {children}
    </div>
  );
}

/** Placeholder rows while a list loads. */
export function LoadingRows({ rows = 3 }: { rows?: number }) {
  return (
    <div class="loading-block" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} class={`skeleton skeleton-${(i % 3) + 1}`} />
      ))}
    </div>
  );
}
