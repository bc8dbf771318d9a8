import type { Node } from 'constructs';
import { TerraformElement, TerraformStack } from 'cdktf';

/** Terraform names allow letters, digits, `_` and `-`. */
const DISALLOWED = /[^A-Za-z0-9_-]/g;

/**
 * A stack whose Terraform addresses are the construct path joined with `_`
 * (`aws_s3_bucket.origin-a_bucket`) instead of cdktf's hashed ids: the synthesized JSON is the exit path
 * (see README), and readable, stable addresses keep `terraform state mv` and reviews sane without cdktf.
 * Construct ids below the stack use `-`, never `_`, so the joined address is unique.
 *
 * @example
 * class MyStack extends ReadableIdStack {} // new S3Bucket(stack, 'media', …) → aws_s3_bucket.media
 */
export abstract class ReadableIdStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    if (components.length > 1 && components.some((id) => id.includes('_'))) {
      throw new Error(`construct ids below a stack use "-", not "_": ${components.join('/')}`);
    }
    return components.map((id) => id.replace(DISALLOWED, '')).join('_');
  }
}
