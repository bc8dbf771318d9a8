// Types of toHaveResource/toHaveResourceWithProperties come from this module's global augmentation.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';

Testing.setupJest();
